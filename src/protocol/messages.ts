import * as z from 'zod';
import { INPUT_MIME_TYPES } from '../facts/imageOptions';
import { errorFix, panelError, type PanelError } from './fixes';
import { galleryItem, historyWindow } from './gallery';
import { jobEvent } from './jobProgress';
import {
  maxGalleryItems,
  maxHistoryQueryChars,
  maxImageBase64Chars,
  maxMessageBytes,
  maxPinnedImages,
  maxPromptChars,
  maxRecentPrompts,
  maxRequestId,
} from './limits';
import { composeOptions, modelChoice } from './options';
import { usageSummary } from './usage';

export { maxMessageBytes } from './limits';

const requestId = z.number().int().min(1).max(maxRequestId);
const imageId = galleryItem.shape.id;
const prompt = z.string().max(maxPromptChars);

// ---- webview → host ----

/** Sent by the webview once its listener is attached; the host posts nothing before it. */
export const readyMessage = z.object({ type: z.literal('ready') }).strict();

/**
 * Sent by the webview on every change of prompt or options; the host replies with the cost estimate (or why the options
 * are invalid).
 */
export const estimateRequest = z
  .object({ type: z.literal('estimate'), id: requestId, prompt, options: composeOptions, editOf: imageId.optional() })
  .strict();

/**
 * Sent by the webview: generate with these options; progress arrives as `progress` messages for job `id`, the images as
 * the reply.
 */
export const generateRequest = z
  .object({ type: z.literal('generate'), id: requestId, prompt, options: composeOptions })
  .strict();

const base64Image = z
  .string()
  .min(8)
  .max(maxImageBase64Chars)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/);

/** An image dropped onto the panel: its bytes (never its path), checked by the host like any input image. */
export const droppedImage = z.object({ mimeType: z.enum(INPUT_MIME_TYPES), b64: base64Image }).strict();

/**
 * Sent by the webview: edit a history image (by id) or a dropped one (by bytes); the mask is a PNG (base64)
 * at the image's size, transparent where to change.
 */
export const editRequest = z
  .object({
    type: z.literal('edit'),
    id: requestId,
    prompt,
    options: composeOptions,
    imageId: imageId.optional(),
    upload: droppedImage.optional(),
    maskPng: base64Image.optional(),
    referenceIds: z.array(imageId).max(15),
  })
  .strict()
  .refine(
    (m) => (m.imageId === undefined) !== (m.upload === undefined),
    'an edit names exactly one image: imageId or upload',
  );

/** Sent by the webview: stop the job started by request `jobId`. */
export const cancelMessage = z.object({ type: z.literal('cancel'), jobId: requestId }).strict();

export const imageActions = ['insertLink', 'open', 'reveal', 'copyPath', 'copyPrompt', 'delete'] as const;
export type ImageAction = (typeof imageActions)[number];

/** Sent by the webview: do something with a history image, named by id. */
export const imageActionRequest = z
  .object({ type: z.literal('imageAction'), id: requestId, action: z.enum(imageActions), imageId })
  .strict();

/**
 * Sent by the webview when the search changes, the person asks for more, or the images it holds on to change:
 * the newest `count` history images matching `query`, and the `pinned` ones whatever the search. The host filters
 * every entry without touching the disk and checks only the images it sends.
 */
export const historyRequest = z
  .object({
    type: z.literal('history'),
    id: requestId,
    query: z.string().max(maxHistoryQueryChars),
    count: z.number().int().min(1).max(maxGalleryItems),
    pinned: z.array(imageId).max(maxPinnedImages),
  })
  .strict();

/** Sent by the webview when a person presses an error's fix button; the host maps it to a fixed action. */
export const runFixMessage = z.object({ type: z.literal('runFix'), fix: errorFix }).strict();

/** Everything the webview may send. */
export const webviewToHostMessage = z.discriminatedUnion('type', [
  readyMessage,
  estimateRequest,
  generateRequest,
  editRequest,
  cancelMessage,
  imageActionRequest,
  historyRequest,
  runFixMessage,
]);
export type WebviewToHostMessage = z.infer<typeof webviewToHostMessage>;
export type WebviewRequest = Extract<WebviewToHostMessage, { id: number }>;

// ---- host → webview ----

/** Sent by the host after `ready` and after anything it shows changes: the whole state the panel shows. */
export const stateMessage = z
  .object({
    type: z.literal('state'),
    hasApiKey: z.boolean(),
    /** False in Restricted Mode: the panel shows why Generate is off. */
    trusted: z.boolean(),
    defaults: composeOptions,
    models: z.array(modelChoice).min(1).max(40),
    recentPrompts: z.array(prompt).max(maxRecentPrompts),
    /** The history as the panel last asked for it (search and count), checked on disk. */
    history: historyWindow,
    usage: usageSummary,
  })
  .strict();
export type StateMessage = z.infer<typeof stateMessage>;

/** The cost estimate for an `estimate` request, or why its options are invalid. */
const estimateResult = z
  .object({
    kind: z.literal('estimate'),
    usd: z.number().nonnegative(),
    text: z.string().max(200),
    notes: z.array(z.string().max(500)).max(10),
  })
  .strict();
/** The saved images of a `generate` or `edit` job. */
const imagesResult = z
  .object({ kind: z.literal('images'), items: z.array(galleryItem).max(10), summary: z.string().max(500) })
  .strict();
/** What an `imageAction` did, in a sentence. */
const doneResult = z.object({ kind: z.literal('done'), message: z.string().max(500) }).strict();
/** The history window a `history` request asked for. */
const historyResult = z.object({ kind: z.literal('history'), history: historyWindow }).strict();

export const replyResult = z.discriminatedUnion('kind', [estimateResult, imagesResult, doneResult, historyResult]);
export type ReplyResult = z.infer<typeof replyResult>;

/**
 * Each request type names its reply: the host's reply to a request must be of this kind (a reply of another kind
 * does not type-check), and the webview parses the reply to a request of this type against this schema.
 */
export const replyResultFor = {
  estimate: estimateResult,
  generate: imagesResult,
  edit: imagesResult,
  imageAction: doneResult,
  history: historyResult,
} as const satisfies Record<WebviewRequest['type'], z.ZodType<ReplyResult>>;
export type RequestType = keyof typeof replyResultFor;
/** The result a request of type `T` is answered with. */
export type ResultFor<T extends RequestType> = z.infer<(typeof replyResultFor)[T]>;

/** Sent by the host: the answer to request `id`. */
export const replyMessage = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('reply'), id: requestId, ok: z.literal(true), result: replyResult }).strict(),
  z.object({ type: z.literal('reply'), id: requestId, ok: z.literal(false), error: panelError }).strict(),
]);
export type ReplyMessage = z.infer<typeof replyMessage>;
type ErrorReply = Extract<ReplyMessage, { ok: false }>;
/** The reply to a request of type `T`: its own kind of result, or an error. */
export type ReplyFor<T extends RequestType> =
  { type: 'reply'; id: number; ok: true; result: ResultFor<T> } | ErrorReply;

/** The host's answer to `request`, with a result of the kind the request names. */
export function replyTo<R extends WebviewRequest>(request: R, result: ResultFor<R['type']>): ReplyFor<R['type']> {
  return { type: 'reply', id: request.id, ok: true, result };
}

/** The host's answer to `request` when it failed. */
export function errorReplyTo(request: WebviewRequest, error: PanelError): ErrorReply {
  return { type: 'reply', id: request.id, ok: false, error };
}

/**
 * A parsed reply read as the answer to a request of `type`. A result of another kind breaks the protocol: it is
 * answered as an error, so the page never acts on it and never waits forever.
 */
export function readReplyTo<T extends RequestType>(type: T, reply: ReplyMessage): ReplyFor<T> {
  if (!reply.ok) return reply;
  const result = replyResultFor[type].safeParse(reply.result);
  if (result.success) return { ...reply, result: result.data as ResultFor<T> };
  return {
    type: 'reply',
    id: reply.id,
    ok: false,
    error: { message: `Image Studio answered a "${type}" request with a "${reply.result.kind}" reply.`, fixes: [] },
  };
}

/** Sent by the host while job `jobId` runs. */
export const progressMessage = z.object({ type: z.literal('progress'), jobId: requestId, event: jobEvent }).strict();

/** Everything the host may send. */
export const hostToWebviewMessage = z.union([stateMessage, replyMessage, progressMessage]);
export type HostToWebviewMessage = z.infer<typeof hostToWebviewMessage>;

/** Parses a message from the other side; undefined for anything unknown, malformed or oversized. */
export function parseMessage<T>(schema: z.ZodType<T>, data: unknown): T | undefined {
  let size: number;
  try {
    size = JSON.stringify(data)?.length ?? 0;
  } catch {
    return undefined;
  }
  if (size > maxMessageBytes) return undefined;
  const result = schema.safeParse(data);
  return result.success ? result.data : undefined;
}

/** The `type` of a dropped message, short and printable, for the log (never its content). */
export function describeDropped(data: unknown): string {
  if (typeof data === 'object' && data !== null && 'type' in data) {
    const type = (data as { type: unknown }).type;
    return typeof type === 'string' ? type.replace(/[^A-Za-z0-9_-]/g, '?').slice(0, 40) : typeof type;
  }
  return data === null ? 'null' : typeof data;
}
