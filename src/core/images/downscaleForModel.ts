/** The copy of a saved image an agent's model looks at: small enough to send with a tool result. */
import { decode as decodeJpeg } from 'jpeg-js';
import { readPngPixels, type ImageFormat, type RgbaPixels } from '../request/imageBytes';
import { encodePng } from './encodePng';
import { shrinkPixels } from './shrinkPixels';

/**
 * The longest side shown to a model. Vision models look at images in tiles of about 512 px and scale a detailed image
 * down to 768 px on its short side anyway, so more pixels only cost tokens and make the tool result larger.
 */
export const MODEL_IMAGE_MAX_SIDE = 768;

/**
 * An image that could not be downscaled (WebP: no small decoder in JavaScript) is sent as saved only up to this size,
 * so one tool result never carries megabytes a chat may refuse.
 */
export const MAX_ORIGINAL_IMAGE_BYTES = 4 * 1024 * 1024;

// Far above what the API returns (3840x2160 is 8.3 MP); stops a crafted JPEG from making the decoder allocate
// gigabytes.
const MAX_JPEG_MEGAPIXELS = 40;

export interface ModelImage {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  /** Whether these are smaller copies (true) or the saved bytes themselves. */
  readonly downscaled: boolean;
}

const MIME_TYPES: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/**
 * A PNG of at most MODEL_IMAGE_MAX_SIDE pixels a side made from a saved PNG or JPEG (the bytes themselves when they
 * already fit); WebP and anything that cannot be decoded is the original when it is at most MAX_ORIGINAL_IMAGE_BYTES,
 * else undefined (the saved path still says where it is).
 */
export function downscaleForModel(bytes: Uint8Array, format: ImageFormat): ModelImage | undefined {
  const pixels = decodePixels(bytes, format);
  if (pixels !== undefined) {
    if (format === 'png' && Math.max(pixels.width, pixels.height) <= MODEL_IMAGE_MAX_SIDE)
      return { bytes, mimeType: MIME_TYPES.png, downscaled: false };
    return { bytes: encodePng(shrinkPixels(pixels, MODEL_IMAGE_MAX_SIDE)), mimeType: MIME_TYPES.png, downscaled: true };
  }
  return bytes.length <= MAX_ORIGINAL_IMAGE_BYTES
    ? { bytes, mimeType: MIME_TYPES[format], downscaled: false }
    : undefined;
}

function decodePixels(bytes: Uint8Array, format: ImageFormat): RgbaPixels | undefined {
  try {
    switch (format) {
      case 'png':
        return readPngPixels(bytes);
      case 'jpeg': {
        const decoded = decodeJpeg(bytes, {
          useTArray: true,
          formatAsRGBA: true,
          maxResolutionInMP: MAX_JPEG_MEGAPIXELS,
          maxMemoryUsageInMB: 512,
        });
        return { width: decoded.width, height: decoded.height, rgba: decoded.data };
      }
      case 'webp':
        return undefined;
    }
  } catch {
    // A file that does not decode is still the saved image: it is sent as it is, or not at all when large.
    return undefined;
  }
}
