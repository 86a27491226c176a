/**
 * The Images API's answer as Image Studio reads it, from a call (`callImagesApi`) or a batch's output file (the CLI).
 * Only the fields we rely on are checked; fields the API adds later pass through unread.
 */
import * as z from 'zod';

// A resolved value we cannot read is dropped, never a reason to throw away a paid-for image.
const optionalText = z.string().optional().catch(undefined);

/** What the API resolved `auto` to, and what the call used: present on a whole answer and on a stream's last event. */
const answeredFields = {
  usage: z.unknown().optional(),
  size: optionalText,
  quality: optionalText,
  background: optionalText,
  output_format: optionalText,
};

/** `POST /v1/images/generations` and `/edits` without streaming: one base64 image per `data` entry. */
export const imagesResponseSchema = z.object({
  data: z.array(z.object({ b64_json: z.string().min(1) })).min(1),
  ...answeredFields,
});
export type ImagesResponse = z.output<typeof imagesResponseSchema>;

/** A stream's `image_generation.completed` or `image_edit.completed` event: the final image. */
export const completedEventSchema = z.object({ b64_json: z.string().min(1), ...answeredFields });

/** A stream's `image_generation.partial_image` or `image_edit.partial_image` event: a preview. */
export const partialEventSchema = z.object({
  b64_json: z.string().min(1),
  partial_image_index: z.number().int().nonnegative(),
});
