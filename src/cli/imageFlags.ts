/** The image option flags `generate` and `batch submit` share, and the request options they become. */
import * as z from 'zod';
import type { GenerateRequest } from '../core/request/imageRequest';
import { BACKGROUNDS, MODERATIONS, OUTPUT_FORMATS, QUALITIES } from '../facts/imageOptions';
import { SIZE_PATTERN } from '../facts/imageSizes';
import { DEFAULT_MODEL } from '../core/request/models';
import type { FlagOptions } from './parseFlags';

/** Partial previews asked for with `--stream` (each costs about 100 output tokens). */
const STREAM_PARTIAL_IMAGES = 2;

export const imageFlagOptions = {
  model: { type: 'string' },
  size: { type: 'string' },
  quality: { type: 'string' },
  background: { type: 'string' },
  format: { type: 'string' },
  compression: { type: 'string' },
  moderation: { type: 'string' },
  n: { type: 'string' },
} as const satisfies FlagOptions;

/** A whole number in a range, given as flag text. */
export function integerFlag(
  min: number,
  max: number,
): z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>, z.ZodNumber> {
  return z
    .string()
    .regex(/^\d+$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

export const imageFlagsShape = {
  model: z.string().trim().min(1).max(200).optional(),
  // The shape only: whether the size suits the model is parseImageRequest's call, as everywhere.
  size: z.string().regex(SIZE_PATTERN, 'use auto or WIDTHxHEIGHT, e.g. 1536x1024').optional(),
  quality: z.enum(QUALITIES).optional(),
  background: z.enum(BACKGROUNDS).optional(),
  format: z.enum(OUTPUT_FORMATS).optional(),
  compression: integerFlag(0, 100).optional(),
  moderation: z.enum(MODERATIONS).optional(),
  n: integerFlag(1, 10).optional(),
};

export type ImageFlags = z.output<z.ZodObject<typeof imageFlagsShape>>;

/** A generation's options from the flags (model always set); `parseImageRequest` checks them against the model. */
export function generateOptionsFromFlags(
  flags: ImageFlags,
  stream = false,
): Omit<Partial<GenerateRequest>, 'kind' | 'prompt'> & { model: string } {
  return {
    model: flags.model ?? DEFAULT_MODEL,
    ...(flags.n !== undefined ? { n: flags.n } : {}),
    ...(flags.size !== undefined ? { size: flags.size } : {}),
    ...(flags.quality !== undefined ? { quality: flags.quality } : {}),
    ...(flags.background !== undefined ? { background: flags.background } : {}),
    ...(flags.format !== undefined ? { outputFormat: flags.format } : {}),
    ...(flags.compression !== undefined ? { outputCompression: flags.compression } : {}),
    ...(flags.moderation !== undefined ? { moderation: flags.moderation } : {}),
    ...(stream ? { stream: true, partialImages: STREAM_PARTIAL_IMAGES } : {}),
  };
}
