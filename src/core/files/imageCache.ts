/**
 * Reusing a saved image for an identical request, so the API (and its bill) is skipped unless the user asks to
 * regenerate. Only images this installation saved are served: their index lives in private storage (the extension's
 * global storage, the CLI's config folder), never in the workspace, so a committed manifest cannot forge a hit; and
 * a hit needs the file, inside the current output folder, to hold exactly the bytes that were saved.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import * as z from 'zod';
import { readBoundedFile, readBoundedJson } from './boundedRead';
import { withFileLock } from './fileLock';
import { type FileStore } from './fileStore';
import { type ImageInfo, inspectImageLowMemory } from '../request/imageBytes';
import type { ImageRequest } from '../request/imageRequest';
import { resolveWorkspacePath } from './outputFolder';
import { replaceFile, serialized } from './replaceFile';
import { requestHash } from '../request/requestHash';
import { MAX_SAVED_IMAGE_BYTES } from './saveImage';

/** The newest this many saved images per workspace folder can be reused. */
export const MAX_CACHE_ENTRIES = 2_000;
// About 250 bytes an entry; anything bigger was not written by Image Studio.
const MAX_INDEX_BYTES = 2_000_000;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

const cacheEntrySchema = z.object({
  requestHash: sha256Hex,
  /** Workspace-relative POSIX path of the saved file. */
  file: z.string().min(1).max(1000),
  /** sha256 of the bytes saved. */
  sha256: sha256Hex,
  manifestId: z.string().min(1).max(100),
  at: z.iso.datetime({ offset: true }),
});

const cacheIndexSchema = z.object({
  version: z.literal(1),
  /** The workspace folder the entries belong to (the file is named by its hash). */
  workspaceRoot: z.string(),
  /** Oldest first. */
  entries: z.array(cacheEntrySchema).max(MAX_CACHE_ENTRIES),
});

export type CacheEntry = z.output<typeof cacheEntrySchema>;

export interface CacheIndexLocation {
  /** Private storage, outside every workspace. */
  readonly store: FileStore;
  /** The folder holding one index file per workspace folder. */
  readonly folder: string;
}

export interface FindCachedImageOptions {
  /** Files of the workspace. */
  store: FileStore;
  workspaceRoot: string;
  /** Absolute path of the current output folder (from `resolveOutputFolder`): a hit must be inside it. */
  outputFolder: string;
  index: CacheIndexLocation;
  /** A parsed request (defaults filled), as it would be sent. */
  request: ImageRequest;
}

export interface CachedImage {
  /** The manifest entry the image was saved under. */
  manifestId: string;
  /** Absolute path of the saved file. */
  path: string;
  /** sha256 (hex) of its bytes, as recorded when it was saved. */
  sha256: string;
  bytes: Uint8Array;
  info: ImageInfo;
}

/**
 * The newest image this installation saved for an identical request, still unchanged in the output folder; undefined on
 * a miss.
 */
export async function findCachedImage(options: FindCachedImageOptions): Promise<CachedImage | undefined> {
  const hash = requestHash(options.request);
  const entries = (await readIndex(options.index, options.workspaceRoot)).filter((entry) => entry.requestHash === hash);
  for (const entry of entries.reverse()) {
    const found = await readUnchangedImage(options, entry);
    if (found) return found;
  }
  return undefined;
}

export interface RememberSavedImagesOptions {
  index: CacheIndexLocation;
  workspaceRoot: string;
  request: ImageRequest;
  /** What was saved: absolute paths in the workspace store, the manifest ids and the sha256 of the bytes written. */
  images: readonly { readonly path: string; readonly manifestId: string; readonly sha256: string }[];
  now: Date;
}

/**
 * Adds saved images to the private index (the newest MAX_CACHE_ENTRIES kept). Never throws: a missed entry only costs a
 * later cache miss.
 */
export async function rememberSavedImages(options: RememberSavedImagesOptions): Promise<void> {
  if (options.images.length === 0) return;
  try {
    const path = indexPath(options.index, options.workspaceRoot);
    const hash = requestHash(options.request);
    const added = options.images.map((image): CacheEntry => ({
      requestHash: hash,
      file: posix.relative(options.workspaceRoot, image.path),
      sha256: image.sha256,
      manifestId: image.manifestId,
      at: options.now.toISOString(),
    }));
    await options.index.store.createDirectory(options.index.folder);
    await serialized(path, () =>
      withFileLock({ store: options.index.store, path }, async () => {
        const files = new Set(added.map((entry) => entry.file));
        // A file saved again under the same name (regeneration) replaces its old entry.
        const kept = (await readIndex(options.index, options.workspaceRoot)).filter((entry) => !files.has(entry.file));
        const entries = [...kept, ...added].slice(-MAX_CACHE_ENTRIES);
        const index = cacheIndexSchema.parse({ version: 1, workspaceRoot: options.workspaceRoot, entries });
        await replaceFile({
          store: options.index.store,
          path,
          bytes: new TextEncoder().encode(`${JSON.stringify(index)}\n`),
        });
      }),
    );
  } catch {
    // The image is saved and recorded in the manifest; only its reuse is lost.
  }
}

/** sha256 (hex) of saved bytes, as the index records them. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function indexPath(index: CacheIndexLocation, workspaceRoot: string): string {
  return posix.join(index.folder, `${createHash('sha256').update(workspaceRoot).digest('hex').slice(0, 32)}.json`);
}

/**
 * The index's entries, oldest first; a missing, oversized, unreadable or foreign index is empty (a miss, never an
 * error).
 */
async function readIndex(index: CacheIndexLocation, workspaceRoot: string): Promise<CacheEntry[]> {
  try {
    const content = await readBoundedJson({
      store: index.store,
      path: indexPath(index, workspaceRoot),
      maxBytes: MAX_INDEX_BYTES,
      what: 'The image cache index',
      advice: '',
    });
    if (content?.kind !== 'json') return [];
    const parsed = cacheIndexSchema.safeParse(content.value);
    return parsed.success && parsed.data.workspaceRoot === workspaceRoot ? parsed.data.entries : [];
  } catch {
    return [];
  }
}

async function readUnchangedImage(
  options: FindCachedImageOptions,
  entry: CacheEntry,
): Promise<CachedImage | undefined> {
  try {
    // Refuses paths outside the workspace and any symlinked segment, like the save path does.
    const path = await resolveWorkspacePath({
      store: options.store,
      workspaceRoot: options.workspaceRoot,
      relativePath: entry.file,
      expect: 'file',
    });
    if (!path.startsWith(`${posix.normalize(options.outputFolder).replace(/\/+$/, '')}/`)) return undefined;
    const bytes = await readBoundedFile({
      store: options.store,
      path,
      maxBytes: MAX_SAVED_IMAGE_BYTES,
      what: 'The image',
      advice: '',
    });
    if (bytes === undefined || sha256Of(bytes) !== entry.sha256) return undefined;
    const info = await inspectImageLowMemory(bytes);
    if (info.format !== options.request.outputFormat) return undefined;
    return { manifestId: entry.manifestId, path, sha256: entry.sha256, bytes, info };
  } catch {
    // Missing, unreadable or damaged: a miss, and the caller generates anew.
    return undefined;
  }
}
