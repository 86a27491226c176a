/** The images of a finished job as an agent's model is shown them: small copies, read from where they were saved. */
import { posix } from 'node:path';
import type { ImageJobResult } from '../engine/runImageJob';
import type { FileStore } from '../files/fileStore';
import { downscaleForModel, type ModelImage } from '../images/downscaleForModel';
import type { ImageFormat } from '../request/imageBytes';

const FORMATS: Readonly<Record<string, ImageFormat>> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
};

/** Each saved image's copy for the model, by its store path; an image too large to include has none. */
export async function modelImagesOf(store: FileStore, result: ImageJobResult): Promise<Map<string, ModelImage>> {
  const shown = new Map<string, ModelImage>();
  for (const image of result.images) {
    const format = FORMATS[posix.extname(image.path).toLowerCase()];
    if (format === undefined) continue;
    const copy = downscaleForModel(await store.readFile(image.path), format);
    if (copy !== undefined) shown.set(image.path, copy);
  }
  return shown;
}
