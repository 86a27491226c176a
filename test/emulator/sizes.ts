/**
 * Output sizes. 1.x models take a fixed list; 2.x models any `WxH` with both sides divisible by 16,
 * an aspect ratio between 1:3 and 3:1, an edge of at most 3840 and from 655,360 (1024x640) to
 * 8,294,400 (3840x2160) pixels.
 * `auto` resolves to 1024x1024 for generations; for edits it follows the first input image:
 * wider than 1.2:1 gives 1536x1024, taller than 1:1.2 gives 1024x1536, else 1024x1024.
 *
 * The emulator stands in for the API, so it keeps its own reading of these rules (and its own parse, which takes
 * one-digit sides the engine's shape refuses) instead of importing src/facts: shared, a wrong rule would pass both.
 */
import { invalidValue, unsupportedValue } from './errors';
import type { ModelFamily } from './models';

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

export const FIXED_SIZES_1X: readonly string[] = ['1024x1024', '1024x1536', '1536x1024', 'auto'];
export const MAX_EDGE_2X = 3840;
export const MAX_PIXELS_2X = 3840 * 2160;
export const MIN_PIXELS_2X = 1024 * 640;

export const formatSize = (d: Dimensions): string => `${d.width}x${d.height}`;

export function parseSize(size: string): Dimensions | undefined {
  const m = /^([1-9]\d{0,4})x([1-9]\d{0,4})$/.exec(size);
  if (!m?.[1] || !m[2]) return undefined;
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Auto size for an edit whose first image has these dimensions (see the file comment). */
export function autoSizeFor(input?: Dimensions): Dimensions {
  if (input && input.width > input.height * 1.2) return { width: 1536, height: 1024 };
  if (input && input.height > input.width * 1.2) return { width: 1024, height: 1536 };
  return { width: 1024, height: 1024 };
}

/** Validates `size` for a model family; returns the explicit dimensions, or 'auto'. Throws the API's 400. */
export function validateSize(size: string, family: ModelFamily): Dimensions | 'auto' {
  if (size === 'auto') return 'auto';
  if (family !== 'gpt-image-2') {
    if (!FIXED_SIZES_1X.includes(size)) throw unsupportedValue('size', size, FIXED_SIZES_1X);
    const fixed = parseSize(size);
    if (!fixed) throw unsupportedValue('size', size, FIXED_SIZES_1X);
    return fixed;
  }
  const d = parseSize(size);
  if (!d || d.width === 0 || d.height === 0) {
    throw invalidValue(
      'size',
      `Invalid value: '${size}'. Supported values are 'auto' or 'WIDTHxHEIGHT' (for example '1536x864').`,
    );
  }
  if (d.width % 16 !== 0 || d.height % 16 !== 0) {
    throw invalidValue('size', `Invalid size '${size}'. Width and height must both be divisible by 16.`);
  }
  if (Math.max(d.width, d.height) > 3 * Math.min(d.width, d.height)) {
    throw invalidValue('size', `Invalid size '${size}'. The aspect ratio must be between 1:3 and 3:1.`);
  }
  if (Math.max(d.width, d.height) > MAX_EDGE_2X || d.width * d.height > MAX_PIXELS_2X) {
    throw invalidValue(
      'size',
      `Invalid size '${size}'. ` +
        `The maximum supported resolution is 3840x2160 (longest edge 3840, at most ${MAX_PIXELS_2X} pixels).`,
    );
  }
  if (d.width * d.height < MIN_PIXELS_2X) {
    throw invalidValue(
      'size',
      `Invalid size '${size}'. ` +
        `The requested size must have at least ${MIN_PIXELS_2X} pixels in total (for example '1024x640').`,
    );
  }
  return d;
}
