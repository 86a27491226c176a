/**
 * The image manifest: a tracked `.imagestudio/manifest.json` listing every saved image and the request that made
 * it, so a clone (whose output folder is git-ignored) can regenerate missing images. Cloned from a repository,
 * it is untrusted input: every field is parsed and every path re-checked before use.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import * as z from 'zod';
import { isSafeRelativeFolder } from './fileName';
import { type FileStore, FileStoreError } from './fileStore';
import { OUTPUT_FORMATS } from './imageRequest';
import { ensureImageStudioFolder } from './imageStudioFolder';
import { resolveWorkspacePath } from './outputFolder';
import { withFileLock } from './fileLock';
import { replaceFile, serialized } from './replaceFile';

/** Where the manifest lives, relative to the workspace root. */
export const MANIFEST_RELATIVE_PATH = '.imagestudio/manifest.json';

const workspaceFileSchema = z.string().min(1).max(1000).refine(isSafeWorkspaceFile, 'must be a workspace-relative POSIX path without ".."');

export const manifestEntrySchema = z.object({
  id: z.string().min(1).max(100),
  file: workspaceFileSchema,
  prompt: z.string().max(32_000),
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
  }),
  requestHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.iso.datetime({ offset: true }),
  costUsd: z.number().nonnegative().optional(),
  usage: z.object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() }).optional(),
  /** An edit's input images, so the edit can be regenerated after a clone. */
  inputFiles: z.array(workspaceFileSchema).max(17).optional(),
  /** An edit's mask. */
  maskFile: workspaceFileSchema.optional(),
});

const manifestSchema = z.object({
  version: z.literal(1),
  images: z.array(manifestEntrySchema),
});

export type ManifestEntry = z.output<typeof manifestEntrySchema>;
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
  let bytes: Uint8Array;
  try {
    bytes = await location.store.readFile(path);
  } catch (err) {
    if (err instanceof FileStoreError && err.code === 'not-found') return { manifest: emptyManifest(), path };
    throw err;
  }
  const reason = problemWith(bytes);
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

export interface AppendManifestEntryOptions extends ManifestLocation {
  entry: ManifestEntry;
  /** Names a corrupt manifest moved aside. */
  now: Date;
}

/** Adds an entry (replacing one with the same id) and rewrites the manifest atomically. */
export async function appendManifestEntry(options: AppendManifestEntryOptions): Promise<ManifestUpdate> {
  const entry = manifestEntrySchema.parse(options.entry);
  return updateManifest(options, (images) => [...images.filter((image) => image.id !== entry.id), entry]);
}

export interface RemoveManifestEntryOptions extends ManifestLocation {
  id: string;
  now: Date;
}

/** Removes the entry with `id`, if any, and rewrites the manifest atomically. */
export async function removeManifestEntry(options: RemoveManifestEntryOptions): Promise<ManifestUpdate & { removed: boolean }> {
  let removed = false;
  const update = await updateManifest(options, (images) => {
    const kept = images.filter((image) => image.id !== options.id);
    removed = kept.length !== images.length;
    return kept;
  });
  return { ...update, removed };
}

/** Manifest entries whose image file is absent from the workspace (for example after a clone): the ones to regenerate. */
export async function findMissingImages(location: ManifestLocation): Promise<ManifestEntry[]> {
  const { manifest } = await readManifest(location);
  const missing: ManifestEntry[] = [];
  for (const entry of manifest.images) {
    const path = await resolveWorkspacePath({ store: location.store, workspaceRoot: location.workspaceRoot, relativePath: entry.file, expect: 'file' }).catch(() => undefined);
    // An entry pointing through a symlink or outside the workspace is not regenerated either: it is not ours.
    if (path !== undefined && (await location.store.stat(path)) === undefined) missing.push(entry);
  }
  return missing;
}

/** A new random entry id. */
export function newManifestEntryId(): string {
  return randomBytes(8).toString('hex');
}

async function updateManifest(options: ManifestLocation & { now: Date }, change: (images: ManifestEntry[]) => ManifestEntry[]): Promise<ManifestUpdate> {
  await ensureImageStudioFolder(options);
  // Checked once `.imagestudio` exists: neither it nor the manifest may be a symlink.
  const path = await manifestPath(options);
  return serialized(path, () => withFileLock({ store: options.store, path }, async () => {
    const read = await readManifest(options);
    let notice: string | undefined;
    if (read.corrupt) {
      // Never overwrite what we could not read: it may be a merge conflict the user wants to resolve.
      const aside = await moveAside(options.store, path, options.now);
      notice = `${read.corrupt.message} It was renamed to ${aside} and a new manifest was started.`;
    }
    const manifest: Manifest = { version: 1, images: change(read.manifest.images) };
    // Pretty-printed with a final newline: the file is tracked and reviewed in diffs.
    await replaceFile({ store: options.store, path, bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`) });
    return { manifest, path, ...(notice !== undefined ? { notice } : {}) };
  }));
}

async function moveAside(store: FileStore, path: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
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

function problemWith(bytes: Uint8Array): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    return { kind: 'corrupt', reason: `it is not valid JSON (${err instanceof Error ? err.message : 'unreadable'})` };
  }
  if (typeof json === 'object' && json !== null && 'version' in json && json.version !== 1) {
    return { kind: 'corrupt', reason: `its version ${JSON.stringify(json.version)} is not one this Image Studio understands` };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join('.') : '';
    return { kind: 'corrupt', reason: `${where === '' ? 'its structure' : where} is not valid (${issue?.message ?? 'unknown problem'})` };
  }
  return { kind: 'ok', manifest: parsed.data };
}

async function manifestPath(location: ManifestLocation): Promise<string> {
  // `.imagestudio` comes from the repository: a committed symlink there must not redirect our writes.
  return resolveWorkspacePath({ store: location.store, workspaceRoot: location.workspaceRoot, relativePath: MANIFEST_RELATIVE_PATH, expect: 'file' });
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
