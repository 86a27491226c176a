import * as z from 'zod';

/**
 * The shape of a size, as SIZE_PATTERN in src/core/request/imageRequest.ts (a unit test keeps the two equal); the host
 * checks the rest.
 */
const sizeText = z.string().regex(/^(auto|[1-9]\d{1,4}x[1-9]\d{1,4})$/);

/** The options the panel composes a request from; the host re-checks them against the model's rules. */
export const composeOptions = z
  .object({
    model: z.string().trim().min(1).max(200),
    size: sizeText,
    quality: z.enum(['auto', 'low', 'medium', 'high', 'xhigh', 'max']),
    background: z.enum(['auto', 'opaque', 'transparent']),
    outputFormat: z.enum(['png', 'jpeg', 'webp']),
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
    qualities: z
      .array(z.enum(['auto', 'low', 'medium', 'high', 'xhigh', 'max']))
      .min(1)
      .max(6),
    sizes: z.array(sizeText).min(1).max(20),
    backgrounds: z
      .array(z.enum(['auto', 'opaque', 'transparent']))
      .min(1)
      .max(3),
    /** Set when the model is deprecated or unknown, shown under the picker. */
    notice: z.string().max(500).optional(),
  })
  .strict();
export type ModelChoice = z.infer<typeof modelChoice>;
