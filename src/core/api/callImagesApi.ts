/**
 * One call to the Images API (generate or edit, streamed or not) through the SDK, with one deadline,
 * cancellation, validated answers and every failure mapped to a redacted ImageStudioError. No retries here:
 * that is `withRetries`' job, and pacing is `ImageRateLimiter`'s.
 */
import { APIConnectionError, APIConnectionTimeoutError, AzureOpenAI, OpenAIError, toFile, type OpenAI } from 'openai';
import type { ImageEditParams, ImageGenerateParams } from 'openai/resources/images';
import * as z from 'zod';
import { ImageStudioError, safeRequestId, toImageStudioError, type ErrorContext } from '../errors';
import { completedEventSchema, imagesResponseSchema, partialEventSchema } from './imagesResponse';
import { toApiParams, type EditRequest, type ImageInput, type ImageRequest } from '../request/imageRequest';

/** What one call produced: the images as base64 and what the API said about them. */
export interface ImagesApiResult {
  /** Base64 image bytes, one per image. */
  images: string[];
  usage?: unknown;
  size?: string;
  quality?: string;
  background?: string;
  outputFormat?: string;
  requestId?: string;
  headers?: Headers;
}

/** A partial image from a stream, in arrival order. */
export interface PartialImage {
  index: number;
  b64: string;
}

/** Options of `callImagesApi`. */
export interface CallImagesApiOptions {
  /** Cancels the call (the socket is closed; the SDK throws APIUserAbortError, reported as 'cancelled'). */
  signal?: AbortSignal;
  /** The whole call, stream included, must finish within this (see `timeoutFor`). */
  timeoutMs: number;
  /** Receives streamed partial images; only used when the request streams. */
  onPartial?: (partial: PartialImage) => void;
  /** Secrets to scrub from error messages; the client's own key is always added. */
  knownSecrets: readonly string[];
}

const streamEventTypeSchema = z.object({ type: z.string() });
const PARTIAL_EVENTS = new Set(['image_generation.partial_image', 'image_edit.partial_image']);
const COMPLETED_EVENTS = new Set(['image_generation.completed', 'image_edit.completed']);

type RequestOptions = { signal: AbortSignal; timeout: number };

/**
 * Sends `request` once and returns its images; throws ImageStudioError (kind 'cancelled', 'timeout-maybe-billed', ...)
 * on failure.
 */
export async function callImagesApi(
  client: OpenAI,
  request: ImageRequest,
  options: CallImagesApiOptions,
): Promise<ImagesApiResult> {
  const deployment = client instanceof AzureOpenAI ? client.deploymentName : undefined;
  // On Azure the deployment is the model: the path carries it, and errors should name it.
  const model = deployment ?? request.model;
  const context: ErrorContext = {
    model,
    knownSecrets: [...options.knownSecrets, ...(client.apiKey ? [client.apiKey] : [])],
  };

  if (options.signal?.aborted) throw cancelledError();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const requestOptions: RequestOptions = { signal, timeout: options.timeoutMs };
  // From here on a cancel may come after the body went out, when the API may still finish and bill the image.
  let sending = false;
  try {
    const body = await apiBody(request, model);
    sending = true;
    if (body.endpoint === 'generate') {
      return request.stream
        ? await readStream(
            await client.images.generate({ ...body.body, stream: true }, requestOptions).withResponse(),
            options,
            context,
            signal,
          )
        : toResult(
            await client.images.generate({ ...body.body, stream: false }, requestOptions).withResponse(),
            context,
          );
    }
    return request.stream
      ? await readStream(
          await client.images.edit({ ...body.body, stream: true }, requestOptions).withResponse(),
          options,
          context,
          signal,
        )
      : toResult(await client.images.edit({ ...body.body, stream: false }, requestOptions).withResponse(), context);
  } catch (err) {
    // Our own deadline and the caller's cancel both abort the same signal: tell them apart here.
    if (options.signal?.aborted) throw cancelledError(sending);
    if (deadline.signal.aborted) throw toImageStudioError(new APIConnectionTimeoutError(), context);
    if (err instanceof ImageStudioError || err instanceof OpenAIError) throw toImageStudioError(err, context);
    // Anything else comes from reading the answer (a socket reset mid-body, a cut-off JSON): the request
    // was sent, so it is a connection failure that may have been billed.
    throw toImageStudioError(new APIConnectionError({ cause: err instanceof Error ? err : undefined }), context);
  } finally {
    clearTimeout(timer);
  }
}

type ApiBody = { endpoint: 'generate'; body: ImageGenerateParams } | { endpoint: 'edit'; body: ImageEditParams };

async function apiBody(request: ImageRequest, model: string): Promise<ApiBody> {
  const params = toApiParams(request);
  if (params.endpoint === 'generate') return { endpoint: 'generate', body: { ...params.body, model } };
  return { endpoint: 'edit', body: { ...params.body, model, ...(await editUploads(request as EditRequest)) } };
}

/**
 * The edit's files, each with its MIME type: without one the SDK sends application/octet-stream, which the API rejects.
 */
async function editUploads(request: EditRequest): Promise<Pick<ImageEditParams, 'image' | 'mask'>> {
  const images = await Promise.all(request.images.map(upload));
  const first = images[0];
  return {
    // One image goes as `image`, several as `image[]` (the SDK names the field from the shape).
    image: images.length === 1 && first !== undefined ? first : images,
    ...(request.mask !== undefined ? { mask: await upload(request.mask) } : {}),
  };
}

function upload(input: ImageInput): ReturnType<typeof toFile> {
  return toFile(input.bytes, input.name, { type: input.mimeType });
}

interface WithResponse<T> {
  data: T;
  response: Response;
  request_id: string | null | undefined;
}

function toResult(answer: WithResponse<unknown>, context: ErrorContext): ImagesApiResult {
  const requestId = requestIdOf(answer, context);
  const parsed = imagesResponseSchema.safeParse(answer.data);
  if (!parsed.success) throw missingImageError(requestId, context);
  const { data, usage, size, quality, background, output_format: outputFormat } = parsed.data;
  return {
    images: data.map((image) => image.b64_json),
    ...definedFields({ usage, size, quality, background, outputFormat, requestId }),
    headers: answer.response.headers,
  };
}

async function readStream(
  answer: WithResponse<AsyncIterable<unknown>>,
  options: CallImagesApiOptions,
  context: ErrorContext,
  signal: AbortSignal,
): Promise<ImagesApiResult> {
  const requestId = requestIdOf(answer, context);
  const images: string[] = [];
  let last: z.output<typeof completedEventSchema> | undefined;
  for await (const event of answer.data) {
    const type = streamEventTypeSchema.safeParse(event);
    if (!type.success) continue;
    if (PARTIAL_EVENTS.has(type.data.type)) {
      const partial = partialEventSchema.safeParse(event);
      if (partial.success)
        deliverPartial(options.onPartial, { index: partial.data.partial_image_index, b64: partial.data.b64_json });
    } else if (COMPLETED_EVENTS.has(type.data.type)) {
      const completed = completedEventSchema.safeParse(event);
      if (!completed.success) throw missingImageError(requestId, context);
      images.push(completed.data.b64_json);
      last = completed.data;
    }
    // Other event types are new API features we do not use yet: skip them rather than fail a paid call.
  }
  // The SDK ends the iteration quietly when the signal aborts, so "no final image" may mean cancel or timeout.
  if (signal.aborted) throw new DOMException('The stream was aborted.', 'AbortError');
  if (last === undefined) {
    throw new ImageStudioError(
      { kind: 'stream-ended-early' },
      { mayHaveBilled: true, ...(requestId !== undefined ? { requestId } : {}) },
    );
  }
  const { usage, size, quality, background, output_format: outputFormat } = last;
  return {
    images,
    ...definedFields({ usage, size, quality, background, outputFormat, requestId }),
    headers: answer.response.headers,
  };
}

function deliverPartial(onPartial: CallImagesApiOptions['onPartial'], partial: PartialImage): void {
  try {
    onPartial?.(partial);
  } catch {
    // A failing preview must not throw away the final, paid-for image.
  }
}

function missingImageError(requestId: string | undefined, context: ErrorContext): ImageStudioError {
  return new ImageStudioError(
    { kind: 'no-image-data', model: context.model },
    { mayHaveBilled: true, ...(requestId !== undefined ? { requestId } : {}) },
  );
}

/**
 * A cancel once the request was on its way counts as possibly billed: the server does not stop rendering because we
 * hung up.
 */
function cancelledError(afterSending = false): ImageStudioError {
  return afterSending
    ? new ImageStudioError({ kind: 'cancelled', when: 'after-sending' }, { mayHaveBilled: true })
    : new ImageStudioError({ kind: 'cancelled', when: 'unknown' });
}

function requestIdOf(answer: WithResponse<unknown>, context: ErrorContext): string | undefined {
  return safeRequestId(answer.response.headers.get('x-request-id') ?? answer.request_id, context.knownSecrets);
}

/** Drops undefined members so optional result fields are absent rather than present-and-undefined. */
function definedFields<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
