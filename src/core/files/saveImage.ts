/** Saving a paid-for image: checked, written atomically without overwriting, and never lost (rules F4, F5, F8). */
import { randomHex } from './randomHex';
import { posix } from 'node:path';
import type { ErrorReason } from '../errorReason';
import { ImageStudioError } from '../errors';
import { imageFileName, randomSuffix } from './fileName';
import { type FileStore, FileStoreError } from './fileStore';
import { hasTransparentPixels, type ImageFormat, type ImageInfo, inspectImageLowMemory } from '../request/imageBytes';

/** Far above a 3840x2160 PNG; a larger answer is refused (and still kept) rather than written into the workspace. */
export const MAX_SAVED_IMAGE_BYTES = 64 * 1024 * 1024;
/** An answer's image up to this is received (and kept, in recovery if too large to save); beyond it, refused. */
export const MAX_RECEIVED_IMAGE_BYTES = 4 * MAX_SAVED_IMAGE_BYTES;
// Each retry draws a fresh 16-bit suffix; running out means something other than chance is wrong.
const MAX_NAME_ATTEMPTS = 20;
const EXTENSIONS: Readonly<Record<ImageFormat, readonly string[]>> = {
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
  webp: ['webp'],
};
// One generated path component (F1): no separators, dots only before the extension.
const SAFE_FILE_NAME = /^[a-z0-9][a-z0-9-]{0,119}\.(png|jpg|jpeg|webp)$/;

export interface ExpectedImage {
  format: ImageFormat;
  width?: number;
  height?: number;
  /** The request asked for a transparent background. */
  transparent?: boolean;
}

export interface SaveImageOptions {
  store: FileStore;
  /** Absolute path of the output folder, from `resolveOutputFolder`. */
  folder: string;
  /** A name from `imageFileName`; its 4-hex suffix is redrawn when the name is taken. */
  fileName: string;
  bytes: Uint8Array;
  expect: ExpectedImage;
  /** A folder outside the workspace (the extension's global storage) that receives the bytes when saving fails. */
  recoveryFolder: string;
  now: Date;
  /** Four hex digits; injectable for tests. */
  randomSuffix?: () => string;
}

export interface SavedImage {
  path: string;
  fileName: string;
  info: ImageInfo;
  /** Problems worth telling the user that did not stop the save, such as an opaque "transparent" image. */
  warnings: string[];
}

/** Thrown when an image could not be saved; the bytes are kept in memory and, when possible, in the recovery folder. */
export class ImageSaveError extends ImageStudioError {
  constructor(
    reason: Extract<ErrorReason, { kind: 'image-not-saved' }>,
    /** Where the bytes were kept on disk; undefined when even that failed. */
    readonly recoveredPath: string | undefined,
    /** The paid-for bytes, so the UI can offer Save As… */
    readonly bytes: Uint8Array,
  ) {
    super(reason);
    this.name = 'ImageSaveError';
  }
}

/**
 * Checks the bytes and saves them as a new file in `folder`; on any failure keeps them in `recoveryFolder` and throws
 * ImageSaveError.
 */
export async function saveImage(options: SaveImageOptions): Promise<SavedImage> {
  const random = options.randomSuffix ?? randomSuffix;
  try {
    const { info, warnings } = await checkImage(options.bytes, options.expect);
    checkFileName(options.fileName, options.expect.format);
    const saved = await writeNewFile({
      store: options.store,
      folder: options.folder,
      fileName: options.fileName,
      bytes: options.bytes,
      random,
    });
    return { ...saved, info, warnings };
  } catch (err) {
    throw await keepForRecovery(options, random, err);
  }
}

interface CheckedImage {
  info: ImageInfo;
  warnings: string[];
}

async function checkImage(bytes: Uint8Array, expect: ExpectedImage): Promise<CheckedImage> {
  if (bytes.length > MAX_SAVED_IMAGE_BYTES)
    throw invalid(`it is ${bytes.length} bytes, over the ${MAX_SAVED_IMAGE_BYTES}-byte limit`);
  const info = await inspectImageLowMemory(bytes);
  if (info.format !== expect.format)
    throw invalid(`${expect.format.toUpperCase()} was requested but the bytes are ${info.format.toUpperCase()}`);
  const wrongWidth = expect.width !== undefined && info.width !== expect.width;
  const wrongHeight = expect.height !== undefined && info.height !== expect.height;
  if (wrongWidth || wrongHeight) {
    throw invalid(
      `${expect.width ?? info.width}x${expect.height ?? info.height} was requested but the image is ` +
        `${info.width}x${info.height}`,
    );
  }
  const warnings: string[] = [];
  if (expect.transparent === true && !isTransparent(bytes, info)) {
    // Models sometimes paint a background anyway; the image is still paid for and usable.
    warnings.push('A transparent background was requested, but the image has no transparent pixels.');
  }
  return { info, warnings };
}

function isTransparent(bytes: Uint8Array, info: ImageInfo): boolean {
  if (info.format === 'png') return hasTransparentPixels(bytes) === true;
  // WebP pixels are not decoded: a declared alpha channel is the best evidence available.
  if (info.format === 'webp') return info.hasAlpha;
  return false;
}

/**
 * Whether `fileName` is one path component of the generated shape with an extension of `format`: the only names saved
 * to.
 */
export function isSavableFileName(fileName: string, format: ImageFormat): boolean {
  const extension = fileName.slice(fileName.lastIndexOf('.') + 1);
  return SAFE_FILE_NAME.test(fileName) && EXTENSIONS[format].includes(extension);
}

function checkFileName(fileName: string, format: ImageFormat): void {
  if (!isSavableFileName(fileName, format)) {
    throw new ImageStudioError({ kind: 'not-generated-file-name', fileName, format, check: 'save' });
  }
}

interface WriteNewFileOptions {
  store: FileStore;
  folder: string;
  fileName: string;
  bytes: Uint8Array;
  random: () => string;
}

/** Writes `<name>.<rand>.tmp`, then renames it to the first free name; the temporary file is always removed. */
async function writeNewFile(options: WriteNewFileOptions): Promise<{ path: string; fileName: string }> {
  const { store, folder, bytes } = options;
  const temporary = posix.join(folder, `${options.fileName}.${randomHex(4)}.tmp`);
  try {
    await store.writeFile(temporary, bytes);
    let fileName = options.fileName;
    for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const path = posix.join(folder, fileName);
      try {
        await store.renameNoOverwrite(temporary, path);
        return { path, fileName };
      } catch (err) {
        // `writeFile` would replace an existing image (VS Code #98063); a taken name gets a new suffix instead.
        if (!(err instanceof FileStoreError && err.code === 'exists')) throw err;
        fileName = withNewSuffix(fileName, options.random());
      }
    }
    throw new ImageStudioError({ kind: 'no-free-file-name', attempts: MAX_NAME_ATTEMPTS });
  } finally {
    await store.delete(temporary).catch(() => undefined);
  }
}

/** Replaces the 4-hex suffix before the extension, or adds one. */
function withNewSuffix(fileName: string, suffix: string): string {
  const hex = suffix
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .padEnd(4, '0')
    .slice(0, 4);
  const dot = fileName.lastIndexOf('.');
  const stem = fileName.slice(0, dot).replace(/-[0-9a-f]{4}$/, '');
  return `${stem}-${hex}${fileName.slice(dot)}`;
}

/** Puts the bytes in the recovery folder and builds the error that says where they are. */
async function keepForRecovery(
  options: SaveImageOptions,
  random: () => string,
  cause: unknown,
): Promise<ImageSaveError> {
  const invalidBytes = cause instanceof ImageStudioError && cause.kind === 'invalid-image';
  let recoveredPath: string | undefined;
  let recoveryProblem = '';
  try {
    await options.store.createDirectory(options.recoveryFolder);
    const name = SAFE_FILE_NAME.test(options.fileName)
      ? options.fileName
      : imageFileName('recovered image', options.expect.format, options.now, random);
    ({ path: recoveredPath } = await writeNewFile({
      store: options.store,
      folder: options.recoveryFolder,
      fileName: name,
      bytes: options.bytes,
      random,
    }));
  } catch (err) {
    recoveryProblem = describeCause(err);
  }
  const kept =
    recoveredPath !== undefined
      ? { kind: 'kept' as const, path: recoveredPath }
      : { kind: 'only-in-memory' as const, folder: options.recoveryFolder, detail: recoveryProblem };
  return new ImageSaveError(
    {
      kind: 'image-not-saved',
      problem: invalidBytes ? 'failed-check' : 'not-written',
      folder: options.folder,
      detail: describeCause(cause),
      kept,
    },
    recoveredPath,
    options.bytes,
  );
}

function describeCause(err: unknown): string {
  if (err instanceof FileStoreError && err.code === 'no-permission') return `no permission to write: ${err.message}`;
  if (err instanceof Error) return err.message.replace(/\.$/, '');
  return String(err);
}

function invalid(reason: string): ImageStudioError {
  return new ImageStudioError({ kind: 'image-invalid', detail: reason });
}
