import * as z from 'zod';
import { BACKGROUNDS, OUTPUT_FORMATS, QUALITIES } from '../facts/imageOptions';
import { SIZE_PATTERN } from '../facts/imageSizes';

/** The shape of a size only; the host checks it against the model's rules. */
const sizeText = z.string().regex(SIZE_PATTERN);

/** The options the panel composes a request from; the host re-checks them against the model's rules. */
export const composeOptions = z
  .object({
    model: z.string().trim().min(1).max(200),
    size: sizeText,
    quality: z.enum(QUALITIES),
    background: z.enum(BACKGROUNDS),
    outputFormat: z.enum(OUTPUT_FORMATS),
    /** Only for jpeg and webp; null = the API default. */
    outputCompression: z.number().int().min(0).max(100).nullable(),
    n: z.number().int().min(1).max(10),
    stream: z.boolean(),
  })
  .strict();
export type ComposeOptions = z.infer<typeof composeOptions>;

/** What one model accepts, derived on the host from the core model table, so the panel offers nothing else. */
export const modelChoice = z
  .object({
    id: z.string().min(1).max(200),
    label: z.string().min(1).max(300),
    qualities: z.array(z.enum(QUALITIES)).min(1).max(QUALITIES.length),
    sizes: z.array(sizeText).min(1).max(20),
    backgrounds: z.array(z.enum(BACKGROUNDS)).min(1).max(BACKGROUNDS.length),
    /** Set when the model is deprecated or unknown, shown under the picker. */
    notice: z.string().max(500).optional(),
  })
  .strict();
export type ModelChoice = z.infer<typeof modelChoice>;
