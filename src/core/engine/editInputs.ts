/**
 * The files an edit starts from, read through the FileStore. Their paths come from the person's choice or
 * from a cloned manifest (untrusted), so each one is resolved inside the workspace, never through a symlink:
 * otherwise a repository could make us upload a private file to the API.
 */
import { posix } from 'node:path';
import { ImageStudioError } from '../errors';
import type { FileStore } from '../files/fileStore';
import { FileStoreError } from '../files/fileStore';
import { inspectImage, type ImageFormat } from '../request/imageBytes';
import { MAX_INPUT_IMAGE_BYTES, type ImageInput } from '../request/imageRequest';
import { resolveWorkspacePath } from '../files/outputFolder';

/** Workspace-relative POSIX paths of an edit's images and optional mask, as the manifest records them. */
export interface EditSources {
  readonly images: readonly string[];
  readonly mask?: string;
}

export interface ReadEditInputsOptions {
  readonly store: FileStore;
  /** Absolute POSIX path of the workspace folder. */
  readonly workspaceRoot: string;
  readonly sources: EditSources;
}

const MIME_TYPES: Readonly<Record<ImageFormat, ImageInput['mimeType']>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/**
 * Reads each source into an upload whose MIME type comes from its bytes (not its extension); throws ImageStudioError
 * naming the file.
 */
export async function readEditInputs(
  options: ReadEditInputsOptions,
): Promise<{ images: ImageInput[]; mask?: ImageInput }> {
  const images: ImageInput[] = [];
  for (const file of options.sources.images) images.push(await readInput(options, file));
  const mask = options.sources.mask !== undefined ? await readInput(options, options.sources.mask) : undefined;
  return { images, ...(mask !== undefined ? { mask } : {}) };
}

async function readInput(options: ReadEditInputsOptions, file: string): Promise<ImageInput> {
  const path = await resolveInput(options, file);
  const stat = await options.store.stat(path);
  if (stat === undefined) throw unreadable(file, 'the file does not exist');
  if (stat.kind !== 'file') throw unreadable(file, 'it is not a file');
  // Checked before reading, so a huge file is never loaded just to be refused.
  if (stat.size > MAX_INPUT_IMAGE_BYTES)
    throw unreadable(file, `it is ${Math.ceil(stat.size / 1024 / 1024)} MB; each image must be under 50 MB`);
  let bytes: Uint8Array;
  try {
    bytes = await options.store.readFile(path);
  } catch (err) {
    if (err instanceof FileStoreError && err.code === 'not-found') throw unreadable(file, 'the file does not exist');
    throw err;
  }
  let format: ImageFormat;
  try {
    format = inspectImage(bytes).format;
  } catch (err) {
    throw unreadable(
      file,
      err instanceof Error ? err.message.replace(/^Invalid image: /, '').replace(/\.$/, '') : 'it is not an image',
    );
  }
  // A copy on a plain ArrayBuffer: what the request schema (and File) expect.
  return { name: posix.basename(path), mimeType: MIME_TYPES[format], bytes: new Uint8Array(bytes) };
}

async function resolveInput(options: ReadEditInputsOptions, file: string): Promise<string> {
  try {
    return await resolveWorkspacePath({
      store: options.store,
      workspaceRoot: options.workspaceRoot,
      relativePath: file,
      expect: 'file',
    });
  } catch (err) {
    // The shared resolver's reasons are about the output folder; say which input it was instead.
    const reason =
      err instanceof ImageStudioError && err.reason.kind === 'symbolic-link'
        ? 'it is reached through a symbolic link, which Image Studio does not read through'
        : 'it is not a file inside the workspace folder';
    throw unreadable(file, reason);
  }
}

function unreadable(file: string, reason: string): ImageStudioError {
  return new ImageStudioError({ kind: 'edit-input-unusable', file, detail: reason });
}
