/** Lines of a batch's output and error files, checked as they are read back (they come from the network). */
import * as z from 'zod';
import { imagesResponseSchema, type ImagesResponse } from '../core/api/imagesResponse';
import { safeRequestId } from '../core/errors';

const outputLineSchema = z.object({
  custom_id: z.string().min(1).max(64),
  response: z
    .object({ status_code: z.number().int(), request_id: z.string().max(200).optional(), body: z.unknown() })
    .nullable(),
  error: z.object({ code: z.string().nullish(), message: z.string() }).nullish(),
});

const errorBodySchema = z.object({ error: z.object({ message: z.string() }) });

export type BatchResultLine =
  | {
      readonly kind: 'images';
      readonly customId: string;
      readonly requestId?: string;
      readonly body: ImagesResponse;
    }
  /** `mayHaveBilled`: the line was answered 2xx without image data, so it may have been made and billed. */
  | {
      readonly kind: 'failed';
      readonly customId: string;
      readonly message: string;
      readonly mayHaveBilled?: boolean;
      readonly requestId?: string;
    }
  /** A line that could not be read at all (no custom_id to match). */
  | { readonly kind: 'unreadable'; readonly lineNumber: number; readonly message: string };

/** Reads every non-blank line of an output or error file. */
export function parseBatchResults(text: string): BatchResultLine[] {
  const results: BatchResultLine[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      results.push({ kind: 'unreadable', lineNumber: index + 1, message: 'not valid JSON' });
      return;
    }
    const line = outputLineSchema.safeParse(json);
    if (!line.success) {
      results.push({
        kind: 'unreadable',
        lineNumber: index + 1,
        message: `not a batch result line (${line.error.issues[0]?.message ?? 'invalid'})`,
      });
      return;
    }
    results.push(classify(line.data));
  });
  return results;
}

function classify(line: z.output<typeof outputLineSchema>): BatchResultLine {
  const customId = line.custom_id;
  const requestId = safeRequestId(line.response?.request_id);
  if (line.error) return { kind: 'failed', customId, message: line.error.message };
  const response = line.response;
  if (!response) return { kind: 'failed', customId, message: 'no response was recorded' };
  const tail = requestId ? ` (request ${requestId})` : '';
  if (response.status_code >= 400) {
    const body = errorBodySchema.safeParse(response.body);
    return {
      kind: 'failed',
      customId,
      message: `${response.status_code}: ${body.success ? body.data.error.message : 'no error message'}${tail}`,
    };
  }
  const body = imagesResponseSchema.safeParse(response.body);
  if (!body.success)
    return {
      kind: 'failed',
      customId,
      message: `the answer held no image${tail}; it may have been billed`,
      mayHaveBilled: true,
      ...(requestId ? { requestId } : {}),
    };
  return { kind: 'images', customId, body: body.data, ...(requestId ? { requestId } : {}) };
}
