/**
 * One call to the Images API (generate or edit, streamed or not) through the SDK, with one deadline,
 * cancellation, validated answers and every failure mapped to a redacted ImageStudioError. No retries here:
 * that is `withRetries`' job, and pacing is `ImageRateLimiter`'s.
 */
import type { OpenAI } from 'openai';
import type { ImageEditParams, ImageGenerateParams } from 'openai/resources/images';
import * as z from 'zod';
import { ImageStudioError, safeRequestId, toImageStudioError, type ErrorContext } from '../errors';
import { openaiSdk, type OpenAISdkModule } from '../openaiSdk';
import { completedEventSchema, imagesResponseSchema, partialEventSchema } from './imagesResponse';
import { imagePlaceholder, readImagesJson, type StreamedImagesJson } from './imagesJsonStream';
import { decodeBase64Strict } from '../request/imageBytes';
import { toApiParams, type EditRequest, type ImageInput, type ImageRequest } from '../request/imageRequest';

/** One image of an answer: its bytes, or why that image cannot be used (the call was still paid for). */
export type AnswerImage = Uint8Array | ImageStudioError;

/** What one call produced: the images' bytes and what the API said about them. */
export interface ImagesApiResult {
  /** The decoded image bytes, one per image, or why one is unusable. */
  images: AnswerImage[];
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
  /** The most bytes one image of the answer may decode to; a larger one is refused while it arrives. */
  maxImageBytes: number;
}

const streamEventTypeSchema = z.object({ type: z.string() });
const PARTIAL_EVENTS = new Set(['image_generation.partial_image', 'image_edit.partial_image']);
const COMPLETED_EVENTS = new Set(['image_generation.completed', 'image_edit.completed']);

type RequestOptions = { signal: AbortSignal; timeout: number };
// An answer's text besides its images (usage, sizes, a revised prompt) is a few kilobytes.
const MAX_ANSWER_TEXT_BYTES = 1_000_000;

/**
 * Sends `request` once and returns its images; throws ImageStudioError (kind 'cancelled', 'timeout-maybe-billed', ...)
 * on failure.
 */
export async function callImagesApi(
  client: OpenAI,
  request: ImageRequest,
  options: CallImagesApiOptions,
): Promise<ImagesApiResult> {
  // A client exists, so the SDK is loaded: naming its classes here costs nothing.
  const { APIConnectionError, APIConnectionTimeoutError, AzureOpenAI, OpenAIError } = openaiSdk();
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
        : await readAnswer(
            await client.images.generate({ ...body.body, stream: false }, requestOptions).asResponse(),
            { ...options, maxImages: request.n },
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
      : await readAnswer(
          await client.images.edit({ ...body.body, stream: false }, requestOptions).asResponse(),
          { ...options, maxImages: request.n },
          context,
        );
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

function upload(input: ImageInput): ReturnType<OpenAISdkModule['toFile']> {
  return openaiSdk().toFile(input.bytes, input.name, { type: input.mimeType });
}

interface WithResponse<T> {
  data: T;
  response: Response;
  request_id: string | null | undefined;
}

/**
 * A whole (not streamed) answer, read as it arrives: each image is decoded on the way rather than after the SDK has
 * held the whole JSON text and its parse, so a 4K image costs about its own size in memory, not four times it.
 */
async function readAnswer(
  response: Response,
  options: CallImagesApiOptions & { readonly maxImages: number },
  context: ErrorContext,
): Promise<ImagesApiResult> {
  const requestId = safeRequestId(response.headers.get('x-request-id') ?? undefined, context.knownSecrets);
  if (!response.body) throw missingImageError(requestId, context);
  const length = Number(response.headers.get('content-length') ?? '');
  let answer: StreamedImagesJson;
  try {
    answer = await readImagesJson(response.body, {
      maxImageBytes: options.maxImageBytes,
      maxOtherBytes: MAX_ANSWER_TEXT_BYTES,
      maxImages: options.maxImages,
      ...(Number.isSafeInteger(length) && length > 0 ? { bodyBytes: length } : {}),
    });
  } catch (err) {
    throw answeredButUnusable(err, requestId);
  }
  const parsed = imagesResponseSchema.safeParse(answer.json);
  if (!parsed.success) throw missingImageError(requestId, context);
  const { data, usage, size, quality, background, output_format: outputFormat } = parsed.data;
  const images = data.map((image) => answer.images[placeholderIndex(image.b64_json)]);
  if (images.some((image) => image === undefined)) throw missingImageError(requestId, context);
  return {
    images: images.filter((image) => image !== undefined).map((image) => withRequestId(image, requestId)),
    ...definedFields({ usage, size, quality, background, outputFormat, requestId }),
    headers: response.headers,
  };
}

/**
 * The API answered, so the call was billed: an image we cannot use (malformed, too large) says so, with the request
 * id, and is counted as possibly billed. Anything else is a failure to read the answer, mapped by the caller.
 */
function answeredButUnusable(err: unknown, requestId: string | undefined): unknown {
  if (!(err instanceof ImageStudioError)) return err;
  return new ImageStudioError(err.reason, { mayHaveBilled: true, ...(requestId ? { requestId } : {}) });
}

/** An image that could not be used carries the request id, so its words can name the request. */
function withRequestId(image: Uint8Array | ImageStudioError, requestId: string | undefined): AnswerImage {
  if (!(image instanceof ImageStudioError) || requestId === undefined) return image;
  return new ImageStudioError(image.reason, { requestId });
}

/** Which of the streamed images a `b64_json` placeholder stands for; -1 for anything else. */
function placeholderIndex(value: string): number {
  const index = Number(/^<image (\d+)>$/.exec(value)?.[1] ?? -1);
  return value === imagePlaceholder(index) ? index : -1;
}

async function readStream(
  answer: WithResponse<AsyncIterable<unknown>>,
  options: CallImagesApiOptions,
  context: ErrorContext,
  signal: AbortSignal,
): Promise<ImagesApiResult> {
  const requestId = requestIdOf(answer, context);
  const images: AnswerImage[] = [];
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
      try {
        images.push(decodeBase64Strict(completed.data.b64_json, options.maxImageBytes));
      } catch (err) {
        // One unusable image: the others in the stream are still good and paid for.
        if (!(err instanceof ImageStudioError)) throw err;
        images.push(withRequestId(err, requestId));
      }
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
