/** The image options a request takes from the settings, shared by generations and edits. */
import type { GenerateRequest } from './imageRequest';
import type { Settings } from './settings';

/** The options both kinds of request share, as the settings set them. */
export type RequestOptions = Pick<GenerateRequest, 'model' | 'n' | 'size' | 'quality' | 'background' | 'outputFormat'> &
  Partial<Pick<GenerateRequest, 'outputCompression' | 'stream' | 'partialImages'>>;

/** The options as a person chooses them, in settings or in the panel: no compression is null, streaming a switch. */
export type ChosenOptions = Pick<RequestOptions, 'model' | 'n' | 'size' | 'quality' | 'background' | 'outputFormat'> & {
  readonly outputCompression: number | null;
  readonly stream: boolean;
  readonly partialImages: number;
};

/** The request options for what was chosen; kind, prompt and inputs are the caller's. */
export function requestOptions(chosen: ChosenOptions): RequestOptions {
  return {
    model: chosen.model,
    n: chosen.n,
    size: chosen.size,
    quality: chosen.quality,
    background: chosen.background,
    outputFormat: chosen.outputFormat,
    // Compression is a jpeg/webp option: sent with png, the request would be refused.
    ...(chosen.outputCompression !== null && chosen.outputFormat !== 'png'
      ? { outputCompression: chosen.outputCompression }
      : {}),
    ...(chosen.stream && chosen.partialImages > 0 ? { stream: true, partialImages: chosen.partialImages } : {}),
  };
}

/**
 * Model, count, size, quality, background, format and compression as the settings choose them, for a host that
 * cannot show a preview (the palette's progress notification, the CodeLens): never streamed, since partial previews
 * cost output tokens and nobody would see them, and the answer is read as it arrives either way. The panel streams
 * when `streamPreviews` is on (`panelState.ts`). Kind, prompt and inputs are the caller's.
 */
export function requestOptionsFromSettings(settings: Settings): RequestOptions {
  return requestOptions({ ...settings, n: settings.imageCount, stream: false });
}
