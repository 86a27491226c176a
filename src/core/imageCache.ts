/** Reusing a saved image for an identical request, so the API (and its bill) is skipped unless the user asks to regenerate. */
import { type FileStore } from './fileStore';
import { type ImageInfo, inspectImage } from './imageBytes';
import type { ImageRequest } from './imageRequest';
import type { Manifest, ManifestEntry } from './manifest';
import { resolveWorkspacePath } from './outputFolder';
import { requestHash } from './requestHash';

export interface FindCachedImageOptions {
  store: FileStore;
  workspaceRoot: string;
  manifest: Manifest;
  /** A parsed request (defaults filled), as it would be sent. */
  request: ImageRequest;
}

export interface CachedImage {
  entry: ManifestEntry;
  /** Absolute path of the saved file. */
  path: string;
  bytes: Uint8Array;
  info: ImageInfo;
}

/** The newest saved image made by an identical request whose file still exists and is a valid image of the right format; undefined on a miss. */
export async function findCachedImage(options: FindCachedImageOptions): Promise<CachedImage | undefined> {
  const hash = requestHash(options.request);
  const candidates = options.manifest.images
    // The manifest is repository input: the stored hash alone could be forged to match, so the visible fields must agree too.
    .filter((entry) => entry.requestHash === hash && entry.prompt === options.request.prompt && entry.model === options.request.model)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  for (const entry of candidates) {
    const found = await readValidImage(options, entry);
    if (found) return found;
  }
  return undefined;
}

async function readValidImage(options: FindCachedImageOptions, entry: ManifestEntry): Promise<CachedImage | undefined> {
  try {
    // Refuses paths outside the workspace and any symlinked segment, like the save path does.
    const path = await resolveWorkspacePath({ store: options.store, workspaceRoot: options.workspaceRoot, relativePath: entry.file, expect: 'file' });
    const bytes = await options.store.readFile(path);
    const info = inspectImage(bytes);
    if (info.format !== entry.options.outputFormat) return undefined;
    return { entry, path, bytes, info };
  } catch {
    // Missing, unreadable or damaged: a miss, and the caller generates anew.
    return undefined;
  }
}
