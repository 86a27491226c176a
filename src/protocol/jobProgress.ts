import * as z from 'zod';
import { OUTPUT_FORMATS } from '../facts/imageOptions';
import { maxImageBase64Chars } from './limits';

/** What a running job reports while the panel waits: queue, rate-limit waits, previews, saving. */
export const jobEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queued'), position: z.number().int().nonnegative() }).strict(),
  z.object({ type: z.literal('waiting'), ms: z.number().nonnegative() }).strict(),
  z.object({ type: z.literal('retry-wait'), ms: z.number().nonnegative() }).strict(),
  z.object({ type: z.literal('started') }).strict(),
  z
    .object({
      type: z.literal('partial'),
      index: z.number().int().nonnegative().max(10),
      format: z.enum(OUTPUT_FORMATS),
      b64: z
        .string()
        .max(maxImageBase64Chars)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/),
    })
    .strict(),
  z.object({ type: z.literal('saving') }).strict(),
]);
export type JobEvent = z.infer<typeof jobEvent>;
