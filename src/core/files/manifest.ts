/**
 * The image manifest: a tracked `.imagestudio/manifest.json` listing every saved image and the request that made
 * it, so a clone (whose output folder is git-ignored) can regenerate missing images. Cloned from a repository,
 * it is untrusted input: every field is parsed and every path re-checked before use.
 */
import { randomHex } from './randomHex';
import { posix } from 'node:path';
import * as z from 'zod';
import { formatBytes, readBoundedJson, tooManyEntries, type JsonContent } from './boundedRead';
import { ImageStudioError } from '../errors';
import { isSafeRelativeFolder } from './fileName';
import { type FileKind, type FileStore, FileStoreError } from './fileStore';
import { agentRunSchema } from '../request/agentRun';
import { MAX_PROMPT_CHARS, OUTPUT_FORMATS } from '../../facts/imageOptions';
import type { RecordedOption } from '../request/recordedOptions';
import { ensureImageStudioFolder } from './imageStudioFolder';
import { resolveWorkspacePath } from './outputFolder';
import { withFileLock } from './fileLock';
import { replaceFile, serialized } from './replaceFile';
import { appendInPlace, forgetWritten, manifestBytes, rememberWritten } from './manifestInPlace';

/** Where the manifest lives, relative to the workspace root. */
export const MANIFEST_RELATIVE_PATH = '.imagestudio/manifest.json';

/**
 * Read caps: 10,000 images with long prompts make about 5 MB, so these leave room for years of use while a
 * committed 100 MB file is refused after one stat instead of being parsed and checked entry by entry.
 */
export const MAX_MANIFEST_BYTES = 32_000_000;
export const MAX_MANIFEST_ENTRIES = 50_000;
// The smallest entry JSON can hold (one-character strings, no optional fields) is over 200 bytes.
const MIN_ENTRY_BYTES = 200;
const FILE_KIND_WORDS: Readonly<Record<Exclude<FileKind, 'file'>, string>> = {
  directory: 'folder',
  symlink: 'symbolic link',
  other: 'special file',
};
const TOO_LARGE_ADVICE =
  'Nothing was changed. If the manifest is yours, move older entries into a copy kept elsewhere (or ' +
  'rename the file to start a new one); if it came with a repository, check it before trusting it.';

const workspaceFileSchema = z
  .string()
  .min(1)
  .max(1000)
  .refine(isSafeWorkspaceFile, 'must be a workspace-relative POSIX path without ".."');

export const manifestEntrySchema = z.object({
  id: z.string().min(1).max(100),
  file: workspaceFileSchema,
  prompt: z.string().max(MAX_PROMPT_CHARS),
  model: z.string().min(1).max(200),
  kind: z.enum(['generate', 'edit']),
  // Free strings where newer models may add values, so an older Image Studio still reads the file.
  options: z.object({
    size: z.string().min(1).max(20),
    quality: z.string().min(1).max(20),
    background: z.string().min(1).max(20),
    outputFormat: z.enum(OUTPUT_FORMATS),
    outputCompression: z.number().int().min(0).max(100).optional(),
    moderation: z.string().min(1).max(20).optional(),
    inputFidelity: z.string().min(1).max(20).optional(),
  }),
  requestHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.iso.datetime({ offset: true }),
  costUsd: z.number().nonnegative().optional(),
  usage: z
    .object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() })
    .optional(),
  /** An edit's input images, so the edit can be regenerated after a clone. */
  inputFiles: z.array(workspaceFileSchema).max(17).optional(),
  /** An edit's mask. */
  maskFile: workspaceFileSchema.optional(),
  /** Set when an agent asked for the image (through `image-studio mcp`, say). */
  agent: agentRunSchema.optional(),
});

const manifestSchema = z.object({
  version: z.literal(1),
  images: z.array(manifestEntrySchema),
});

export type ManifestEntry = z.output<typeof manifestEntrySchema>;
// The manifest records every option the request hash covers, or a regenerated image would differ from its entry.
type Unrecorded = Exclude<RecordedOption, keyof ManifestEntry['options']>;
const recordsEveryOption: [Unrecorded] extends [never] ? true : Unrecorded = true;
void recordsEveryOption;
export type Manifest = z.output<typeof manifestSchema>;

export interface ManifestLocation {
  store: FileStore;
  /** Absolute POSIX path of the workspace folder. */
  workspaceRoot: string;
}

export interface ManifestRead {
  manifest: Manifest;
  /** Absolute path of manifest.json. */
  path: string;
  /** Set when the file exists but could not be read; `manifest` is then empty and the file is left alone. */
  corrupt?: { reason: string; message: string };
}

/** Reads and validates the manifest; an absent file is an empty manifest, a corrupt one is reported (never changed). */
export async function readManifest(location: ManifestLocation): Promise<ManifestRead> {
  const path = await manifestPath(location);
  const content = await readBoundedJson({
    store: location.store,
    path,
    maxBytes: MAX_MANIFEST_BYTES,
    what: 'The image manifest',
    advice: TOO_LARGE_ADVICE,
  });
  if (content === undefined) return { manifest: emptyManifest(), path };
  const reason = problemWith(content, path);
  if (reason.kind === 'ok') return { manifest: reason.manifest, path };
  return {
    manifest: emptyManifest(),
    path,
    corrupt: { reason: reason.reason, message: `The image manifest ${path} could not be read: ${reason.reason}.` },
  };
}

export interface ManifestUpdate {
  manifest: Manifest;
  path: string;
  /** Set when a corrupt manifest was renamed aside before a fresh one was started; says where it went. */
  notice?: string;
}

/** What an append did: an append made in place does not read the other entries, so it answers only their count. */
export interface ManifestAppend {
  path: string;
  /** Entries in the manifest after the append. */
  entries: number;
  /** Set when a corrupt manifest was renamed aside before a fresh one was started; says where it went. */
  notice?: string;
}

export interface AppendManifestEntryOptions extends ManifestLocation {
  entry: ManifestEntry;
  /** Names a corrupt manifest moved aside. */
  now: Date;
}

/**
 * Adds an entry (replacing one with the same id). When this process wrote the file last and it is unchanged, only
 * the new entry is written, in place; otherwise the manifest is read, checked and rewritten whole, atomically.
 */
export async function appendManifestEntry(options: AppendManifestEntryOptions): Promise<ManifestAppend> {
  const entry = manifestEntrySchema.parse(options.entry);
  const limits = { maxEntries: MAX_MANIFEST_ENTRIES, maxBytes: MAX_MANIFEST_BYTES };
  return underManifestLock(options, async (path) => {
    const entries = await appendInPlace(options.store, path, entry, limits);
    if (entries !== undefined) return { path, entries };
    const update = await rewriteManifest(options, path, (images) => [
      ...images.filter((image) => image.id !== entry.id),
      entry,
    ]);
    return {
      path,
      entries: update.manifest.images.length,
      ...(update.notice !== undefined ? { notice: update.notice } : {}),
    };
  });
}

export interface RemoveManifestEntryOptions extends ManifestLocation {
  id: string;
  now: Date;
}

/** Removes the entry with `id`, if any, and rewrites the manifest atomically. */
export async function removeManifestEntry(
  options: RemoveManifestEntryOptions,
): Promise<ManifestUpdate & { removed: boolean }> {
  let removed = false;
  // Rare (a delete from the history), so always a whole rewrite.
  const update = await underManifestLock(options, (path) =>
    rewriteManifest(options, path, (images) => {
      const kept = images.filter((image) => image.id !== options.id);
      removed = kept.length !== images.length;
      return kept;
    }),
  );
  return { ...update, removed };
}

/**
 * Manifest entries whose image file is absent from the workspace (for example after a clone): the ones to regenerate.
 */
export async function findMissingImages(location: ManifestLocation): Promise<ManifestEntry[]> {
  return (await scanMissingImages(location)).missing;
}

export interface MissingImagesScan {
  /** Entries whose file is absent, in manifest order. */
  readonly missing: ManifestEntry[];
  /**
   * Entries whose path Image Studio does not write to (through a symlink, not a file, outside the workspace), each with
   * why.
   */
  readonly refused: { readonly entry: ManifestEntry; readonly reason: string }[];
  /** Set when the manifest exists but could not be read (then nothing is listed): says which file and why. */
  readonly corrupt?: string;
}

/**
 * Sorts the manifest's entries into present, missing and refused. Each folder is checked and listed once, so
 * 50,000 entries cost a few calls per folder rather than several stats each.
 */
export async function scanMissingImages(location: ManifestLocation): Promise<MissingImagesScan> {
  const { manifest, corrupt } = await readManifest(location);
  const listings = new Map<string, Promise<FolderListing>>();
  const scan: MissingImagesScan = { missing: [], refused: [], ...(corrupt ? { corrupt: corrupt.message } : {}) };
  for (const entry of manifest.images) {
    const folder = posix.dirname(entry.file);
    let listing = listings.get(folder);
    if (listing === undefined) {
      listing = listFolder(location, folder);
      listings.set(folder, listing);
    }
    const found = await listing;
    if (found.kind === 'refused') {
      scan.refused.push({ entry, reason: found.reason });
      continue;
    }
    const kind = found.kind === 'absent' ? undefined : await kindIn(location, found, entry.file);
    // An entry pointing through a symlink or at a folder is not regenerated either: it is not ours.
    if (kind === undefined) scan.missing.push(entry);
    else if (kind !== 'file')
      scan.refused.push({
        entry,
        reason: `${entry.file} is a ${FILE_KIND_WORDS[kind]}, not an image file`,
      });
  }
  return scan;
}

type FolderListing =
  | { readonly kind: 'absent' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'listed'; readonly names: ReadonlyMap<string, FileKind>; readonly folded: ReadonlySet<string> };

async function listFolder(location: ManifestLocation, folder: string): Promise<FolderListing> {
  let path: string;
  try {
    // The same containment and symlink checks as saving (`.` is the workspace folder itself).
    path =
      folder === '.'
        ? posix.normalize(location.workspaceRoot)
        : await resolveWorkspacePath({
            store: location.store,
            workspaceRoot: location.workspaceRoot,
            relativePath: folder,
            expect: 'directory',
          });
  } catch (err) {
    return { kind: 'refused', reason: err instanceof Error ? err.message : String(err) };
  }
  if ((await location.store.stat(path)) === undefined) return { kind: 'absent' };
  const entries = await location.store.readDirectory(path);
  return { kind: 'listed', names: new Map(entries), folded: new Set(entries.map(([name]) => fold(name))) };
}

/**
 * What is at `file` in its listed folder; a name that differs only in case or normalisation is asked of the file
 * system.
 */
async function kindIn(
  location: ManifestLocation,
  listing: Extract<FolderListing, { kind: 'listed' }>,
  file: string,
): Promise<FileKind | undefined> {
  const name = posix.basename(file);
  const exact = listing.names.get(name);
  if (exact !== undefined) return exact;
  // A case-insensitive or normalising file system (macOS, Windows) may hold it under another spelling.
  if (!listing.folded.has(fold(name))) return undefined;
  return (await location.store.stat(posix.join(location.workspaceRoot, file)))?.kind;
}

function fold(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * An upper bound on how much a job adds to the manifest: the caller's images and prompt, for the check before paying.
 */
export interface ManifestGrowth {
  readonly entries: number;
  readonly bytes: number;
}

/** How much `images` entries with this prompt and these input files add to the manifest, at most. */
export function manifestGrowth(prompt: string, images: number, files: readonly string[] = []): ManifestGrowth {
  const encoder = new TextEncoder();
  // Everything but the prompt and the files, pretty-printed, is well under 1 KB.
  const perEntry =
    encoder.encode(JSON.stringify(prompt)).length +
    files.reduce((sum, file) => sum + encoder.encode(JSON.stringify(file)).length + 8, 0) +
    1024;
  return { entries: images, bytes: images * perEntry };
}

/**
 * Refuses (before anything is paid for) when the manifest could not take `growth` more: over its byte or entry
 * cap now or after. Cheap for manifests far below the caps: one stat, and a read only near the entry cap.
 */
export async function checkManifestRoom(location: ManifestLocation, growth: ManifestGrowth): Promise<void> {
  const path = await manifestPath(location);
  const stat = await location.store.stat(path);
  if (stat === undefined) return;
  if (stat.size > MAX_MANIFEST_BYTES) {
    // readManifest says it best: the size, the cap and what to do.
    await readManifest(location);
  }
  if (stat.size + growth.bytes > MAX_MANIFEST_BYTES)
    throw noRoom(
      path,
      `it is ${formatBytes(stat.size)} and would pass the ${formatBytes(MAX_MANIFEST_BYTES)} Image Studio reads`,
    );
  if (stat.size < (MAX_MANIFEST_ENTRIES - growth.entries) * MIN_ENTRY_BYTES) return;
  const read = await readManifest(location);
  const count = read.manifest.images.length;
  // A corrupt manifest is set aside when saving, so it takes anything.
  if (read.corrupt === undefined && count + growth.entries > MAX_MANIFEST_ENTRIES) {
    throw noRoom(
      path,
      `it has ${count.toLocaleString('en-US')} entries and would pass the ` +
        `${MAX_MANIFEST_ENTRIES.toLocaleString('en-US')} Image Studio reads`,
    );
  }
}

function noRoom(path: string, why: string): ImageStudioError {
  return new ImageStudioError({ kind: 'manifest-full', path, detail: why }, { notSent: true });
}

/** A new random entry id. */
export function newManifestEntryId(): string {
  return randomHex(8);
}

/** Runs `task` on the manifest's path with this process's writers queued and the lock file held. */
async function underManifestLock<T>(options: ManifestLocation, task: (path: string) => Promise<T>): Promise<T> {
  await ensureImageStudioFolder(options);
  // Checked once `.imagestudio` exists: neither it nor the manifest may be a symlink.
  const path = await manifestPath(options);
  return serialized(path, () => withFileLock({ store: options.store, path }, () => task(path)));
}

/** Today's whole path, also the fallback: read, check, rewrite atomically; it re-canonicalises a hand-edited file. */
async function rewriteManifest(
  options: ManifestLocation & { now: Date },
  path: string,
  change: (images: ManifestEntry[]) => ManifestEntry[],
): Promise<ManifestUpdate> {
  forgetWritten(options.store, path);
  const read = await readManifest(options);
  let notice: string | undefined;
  if (read.corrupt) {
    // Never overwrite what we could not read: it may be a merge conflict (or a torn append) the user wants back.
    const aside = await moveAside(options.store, path, options.now);
    notice = `${read.corrupt.message} It was renamed to ${aside} and a new manifest was started.`;
  }
  const manifest: Manifest = { version: 1, images: change(read.manifest.images) };
  const bytes = manifestBytes(manifest);
  // Never written past what the next read accepts (the check before paying makes this rare).
  if (manifest.images.length > MAX_MANIFEST_ENTRIES || bytes.length > MAX_MANIFEST_BYTES) {
    throw new ImageStudioError({
      kind: 'manifest-would-overflow',
      path,
      entries: manifest.images.length,
      bytes: bytes.length,
      maxEntries: MAX_MANIFEST_ENTRIES,
      maxBytes: MAX_MANIFEST_BYTES,
    });
  }
  await replaceFile({ store: options.store, path, bytes });
  await rememberWritten(options.store, path, { ids: manifest.images.map((image) => image.id), bytes });
  return { manifest, path, ...(notice !== undefined ? { notice } : {}) };
}

async function moveAside(store: FileStore, path: string, now: Date): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const folder = posix.dirname(path);
  for (let attempt = 0; ; attempt++) {
    const aside = posix.join(folder, `manifest.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}.json`);
    try {
      await store.renameNoOverwrite(path, aside);
      return aside;
    } catch (err) {
      if (!(err instanceof FileStoreError && err.code === 'exists') || attempt >= 20) throw err;
    }
  }
}

type Parsed = { kind: 'ok'; manifest: Manifest } | { kind: 'corrupt'; reason: string };

function problemWith(content: JsonContent, path: string): Parsed {
  if (content.kind === 'not-json') return { kind: 'corrupt', reason: `it is not valid JSON (${content.reason})` };
  const json = content.value;
  if (typeof json === 'object' && json !== null && 'version' in json && json.version !== 1) {
    return {
      kind: 'corrupt',
      reason: `its version ${JSON.stringify(json.version)} is not one this Image Studio understands`,
    };
  }
  const count = entryCount(json);
  // Entries too small to be valid make the file corrupt, like any invalid entry: the check before paying judges the
  // count from the size alone, so a committed `[0,0,…]` must not pass it and then refuse the paid image's entry.
  if (count > MAX_MANIFEST_ENTRIES && content.byteLength < count * MIN_ENTRY_BYTES)
    return { kind: 'corrupt', reason: `its ${count.toLocaleString('en-US')} entries are too short to be images` };
  // Counted before checking entry by entry: too many is refused (not set aside as corrupt, it may be real).
  if (count > MAX_MANIFEST_ENTRIES)
    throw tooManyEntries(
      { path, what: 'The image manifest', advice: TOO_LARGE_ADVICE },
      count,
      MAX_MANIFEST_ENTRIES,
      'entries',
    );
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join('.') : '';
    return {
      kind: 'corrupt',
      reason: `${where === '' ? 'its structure' : where} is not valid (${issue?.message ?? 'unknown problem'})`,
    };
  }
  return { kind: 'ok', manifest: parsed.data };
}

async function manifestPath(location: ManifestLocation): Promise<string> {
  // `.imagestudio` comes from the repository: a committed symlink there must not redirect our writes.
  return resolveWorkspacePath({
    store: location.store,
    workspaceRoot: location.workspaceRoot,
    relativePath: MANIFEST_RELATIVE_PATH,
    expect: 'file',
  });
}

function entryCount(json: unknown): number {
  return typeof json === 'object' && json !== null && 'images' in json && Array.isArray(json.images)
    ? json.images.length
    : 0;
}

function emptyManifest(): Manifest {
  return { version: 1, images: [] };
}

function isSafeWorkspaceFile(file: string): boolean {
  try {
    return isSafeRelativeFolder(file) === file && file !== '.';
  } catch {
    return false;
  }
}
