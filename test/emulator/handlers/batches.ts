/** POST /v1/batches, GET /v1/batches, GET /v1/batches/{id}, POST /v1/batches/{id}/cancel. */
import type { ParsedBody } from '../body';
import type { EmulatorContext } from '../context';
import { EmulatorError, invalidJson, invalidType, missingParameter, unsupportedValue } from '../errors';
import type { Exchange } from '../exchange';

/** Every endpoint the SDK's BatchCreateParams names; the emulator can run the image generation one. */
const SDK_ENDPOINTS = [
  '/v1/responses',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/completions',
  '/v1/moderations',
  '/v1/images/generations',
  '/v1/images/edits',
  '/v1/videos',
];
const RUNNABLE_ENDPOINTS = new Set(['/v1/images/generations']);

export function handleBatchCreate(ex: Exchange, ctx: EmulatorContext, body: ParsedBody): void {
  if (body.error) throw body.error;
  if (body.kind !== 'json') throw invalidJson();
  const { input_file_id: inputFileId, endpoint, completion_window: completionWindow, metadata } = body.fields;
  if (inputFileId === undefined) throw missingParameter('input_file_id');
  if (typeof inputFileId !== 'string') throw invalidType('input_file_id', 'a string', typeof inputFileId);
  if (endpoint === undefined) throw missingParameter('endpoint');
  if (typeof endpoint !== 'string' || !SDK_ENDPOINTS.includes(endpoint))
    throw unsupportedValue('endpoint', String(endpoint), SDK_ENDPOINTS);
  if (!RUNNABLE_ENDPOINTS.has(endpoint)) {
    throw new EmulatorError(400, {
      message: `The emulator runs batches for ${[...RUNNABLE_ENDPOINTS].join(', ')} only.`,
      type: 'invalid_request_error',
      param: 'endpoint',
      code: 'unsupported_value',
    });
  }
  if (completionWindow === undefined) throw missingParameter('completion_window');
  if (completionWindow !== '24h') throw unsupportedValue('completion_window', String(completionWindow), ['24h']);
  const file = ctx.files.get(inputFileId);
  if (file.purpose !== 'batch') {
    throw new EmulatorError(400, {
      message:
        `File ${inputFileId} has purpose '${file.purpose}'; ` +
        "a batch input file must be uploaded with purpose 'batch'.",
      type: 'invalid_request_error',
      param: 'input_file_id',
      code: 'invalid_value',
    });
  }
  ex.sendJson(
    200,
    ctx.batches.create(ctx, {
      inputFileId,
      endpoint,
      completionWindow,
      metadata: isStringRecord(metadata) ? metadata : null,
    }),
  );
}

export function handleBatchList(ex: Exchange, ctx: EmulatorContext, query: URLSearchParams): void {
  const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 20) || 20));
  const page = ctx.batches.list(query.get('after') ?? undefined, limit);
  ex.sendJson(200, {
    object: 'list',
    data: page.data,
    first_id: page.data[0]?.id ?? null,
    last_id: page.data[page.data.length - 1]?.id ?? null,
    has_more: page.has_more,
  });
}

export function handleBatch(ex: Exchange, ctx: EmulatorContext, id: string): void {
  ex.sendJson(200, ctx.batches.get(id));
}

export function handleBatchCancel(ex: Exchange, ctx: EmulatorContext, id: string): void {
  ex.sendJson(200, ctx.batches.cancel(id));
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
