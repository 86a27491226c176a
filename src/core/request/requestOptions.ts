/** The image options a request takes from the settings, shared by generations and edits. */
import type { GenerateRequest } from './imageRequest';
import type { Settings } from './settings';

/** The options both kinds of request share, as the settings set them. */
export type RequestOptions = Pick<GenerateRequest, 'model' | 'n' | 'size' | 'quality' | 'background' | 'outputFormat'> &
  Partial<Pick<GenerateRequest, 'outputCompression' | 'stream' | 'partialImages'>>;

/**
 * Model, count, size, quality, background, format, compression and streaming as the settings choose them; kind, prompt
 * and inputs are the caller's.
 */
export function requestOptionsFromSettings(settings: Settings): RequestOptions {
  return {
    model: settings.model,
    n: settings.imageCount,
    size: settings.size,
    quality: settings.quality,
    background: settings.background,
    outputFormat: settings.outputFormat,
    // Compression is a jpeg/webp option: sent with png, the request would be refused.
    ...(settings.outputCompression !== null && settings.outputFormat !== 'png'
      ? { outputCompression: settings.outputCompression }
      : {}),
    ...(settings.streamPreviews && settings.partialImages > 0
      ? { stream: true, partialImages: settings.partialImages }
      : {}),
  };
}
