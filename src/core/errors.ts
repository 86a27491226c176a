/** ImageStudioError and the mapping from openai SDK errors to actionable, redacted messages. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { DEFAULT_MODEL } from './request/models';
import { redact } from './secrets/redact';

export type ErrorKind =
  | 'invalid-option'
  | 'no-api-key'
  | 'invalid-api-key'
  | 'organization-unverified'
  | 'model-not-found'
  | 'moderation-blocked'
  | 'rate-limited'
  | 'insufficient-quota'
  | 'billing-limit'
  | 'server-error'
  | 'timeout-maybe-billed'
  | 'connection'
  | 'cancelled'
  | 'budget-exceeded'
  | 'save-failed'
  | 'invalid-image'
  | 'file-too-large'
  | 'workspace-untrusted'
  | 'unknown';

/** Something the UI can offer as a button next to the message. */
export type Fix =
  | { kind: 'set-api-key' }
  | { kind: 'open-settings'; setting: string }
  | { kind: 'open-url'; url: string; label: string }
  | { kind: 'retry' }
  | { kind: 'edit-prompt' }
  | { kind: 'manage-workspace-trust' };

export const ORGANIZATION_SETTINGS_URL = 'https://platform.openai.com/settings/organization/general';
export const BILLING_URL = 'https://platform.openai.com/settings/organization/billing';

export interface ImageStudioErrorOptions {
  requestId?: string;
  retryable?: boolean;
  fixes?: readonly Fix[];
  /** How long the server asked us to wait, when it said so. */
  retryAfterMs?: number;
  /** HTTP status, when the error came from a response. */
  status?: number;
  /**
   * The request reached the API (or may have) and ended in a way the account may still be charged for: a timeout,
   * a connection lost after sending, a cut or failed stream, an answer without images, a cancel after sending.
   * Set where the error is built; the engine records such a request in the usage ledger at its estimate.
   */
  mayHaveBilled?: boolean;
}

/** An error whose message is safe to show (already redacted) and says what to do. */
export class ImageStudioError extends Error {
  readonly kind: ErrorKind;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly fixes: readonly Fix[];
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly mayHaveBilled: boolean;

  constructor(kind: ErrorKind, message: string, options: ImageStudioErrorOptions = {}) {
    super(message);
    this.name = 'ImageStudioError';
    this.kind = kind;
    this.retryable = options.retryable ?? false;
    this.fixes = options.fixes ?? [];
    this.mayHaveBilled = options.mayHaveBilled ?? false;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
  }
}

export interface ErrorContext {
  /** The model id the request used, named in model and option messages. */
  model: string;
  /** Settings namespace, `imageStudio` unless given. */
  settingPrefix?: string;
  /** The current API key and any other secret to scrub from messages. */
  knownSecrets?: readonly string[];
  /** Clock for HTTP-date `retry-after` values; `Date.now` unless given. */
  now?: () => number;
}

// Failures before any byte of the request went out (name resolution, TCP connect, TLS handshake), so nothing can
// have been billed. Node marks socket errors with the system call that failed; these codes carry no such mark.
const NOT_SENT_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'EAFNOSUPPORT',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const NOT_SENT_SYSCALLS = new Set(['connect', 'getaddrinfo', 'queryA', 'queryAaaa']);
// A proxy or gateway in front of the API gave up waiting: the API behind it may still finish the image and bill it.
const GATEWAY_STATUSES = new Set([502, 504, 520, 522, 523, 524]);
const QUOTA_CODES = new Set(['insufficient_quota', 'credit_balance_exhausted']);

/** Maps anything thrown by the SDK (or our own code) to an ImageStudioError with a redacted, actionable message. */
export function toImageStudioError(err: unknown, context: ErrorContext): ImageStudioError {
  const secrets = context.knownSecrets ?? [];
  if (err instanceof ImageStudioError) {
    return err;
  }
  if (err instanceof APIUserAbortError || isAbortError(err)) {
    return new ImageStudioError('cancelled', 'The request was cancelled.');
  }
  // A timeout is a connection error too: the SDK reports a connect that timed out as APIConnectionTimeoutError.
  if (err instanceof APIConnectionError) {
    return connectionError(err, secrets);
  }
  if (err instanceof APIError) {
    return apiError(err, context, secrets);
  }
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'An unexpected error occurred.';
  return new ImageStudioError('unknown', redact(message, secrets));
}

function apiError(err: APIError, context: ErrorContext, secrets: readonly string[]): ImageStudioError {
  const requestId = safeRequestId(err.requestID, secrets);
  const tail = requestTail(requestId);
  // Mid-stream (no status), the request was accepted and work was done; behind a gateway that gave up, it may go on.
  const mayHaveBilled = err.status === undefined || GATEWAY_STATUSES.has(err.status);
  const base = {
    ...(requestId ? { requestId } : {}),
    ...(err.status !== undefined ? { status: err.status } : {}),
    ...(mayHaveBilled ? { mayHaveBilled } : {}),
  };
  const apiMessage = redact(innerMessage(err), secrets);
  const code = err.code ?? undefined;
  const model = redact(context.model, secrets);

  // Codes first: the same code can come with different statuses (billing 400 or 429) or none (mid-stream).
  if (code === 'moderation_blocked' || (err.type === 'image_generation_user_error' && /safety/i.test(apiMessage))) {
    const categories = moderationCategories(err.error, secrets);
    const which = categories.length > 0 ? ` (flagged: ${categories.join(', ')})` : '';
    return new ImageStudioError(
      'moderation-blocked',
      `The request was rejected by the safety system${which}. Rephrase the prompt, or set ` +
        `${setting(context, 'moderation')} to "low" for generations.${tail}`,
      { ...base, fixes: [{ kind: 'edit-prompt' }, { kind: 'open-settings', setting: setting(context, 'moderation') }] },
    );
  }
  if (code === 'billing_hard_limit_reached') {
    return new ImageStudioError(
      'billing-limit',
      `The OpenAI account has reached its spending limit. Raise the limit on the billing page; retrying ` +
        `will not help until then.${tail}`,
      { ...base, fixes: [billingFix()] },
    );
  }
  if (code !== undefined && QUOTA_CODES.has(code)) {
    return new ImageStudioError(
      'insufficient-quota',
      `The OpenAI account has no credit left. Add credit on the billing page; retrying will not help until ` +
        `then.${tail}`,
      { ...base, fixes: [billingFix()] },
    );
  }
  if (code === 'invalid_api_key' || err.status === 401) {
    return new ImageStudioError(
      'invalid-api-key',
      `The OpenAI API key was rejected. Set a new key with “Image Studio: Set API Key”.${tail}`,
      { ...base, fixes: [{ kind: 'set-api-key' }] },
    );
  }
  if (code === 'model_not_found' || err.status === 404) {
    return new ImageStudioError(
      'model-not-found',
      `The model "${model}" was not found or has been shut down. Change the setting ` +
        `${setting(context, 'model')} (for example to ${DEFAULT_MODEL}).${tail}`,
      { ...base, fixes: [{ kind: 'open-settings', setting: setting(context, 'model') }] },
    );
  }

  switch (err.status) {
    case 403:
      if (/verif/i.test(apiMessage)) {
        return new ImageStudioError(
          'organization-unverified',
          `Your OpenAI organization must be verified to use ${model}. Verify it in the organization settings; ` +
            `after verifying, access can take up to 15 minutes to arrive.${tail}`,
          {
            ...base,
            fixes: [
              { kind: 'open-url', url: ORGANIZATION_SETTINGS_URL, label: 'Verify Organization' },
              { kind: 'open-settings', setting: setting(context, 'model') },
            ],
          },
        );
      }
      return new ImageStudioError(
        'organization-unverified',
        `Access to ${model} was denied: ${apiMessage} Check the organization settings (this is also the ` +
          `answer from unsupported countries).${tail}`,
        { ...base, fixes: [{ kind: 'open-url', url: ORGANIZATION_SETTINGS_URL, label: 'Organization Settings' }] },
      );
    case 429: {
      const retryAfterMs = retryAfterMsFrom(err.headers, context.now ?? Date.now);
      const wait =
        retryAfterMs !== undefined
          ? ` Wait ${formatWait(retryAfterMs)} before retrying.`
          : ' Wait a moment before retrying.';
      return new ImageStudioError(
        'rate-limited',
        `The OpenAI rate limit for ${model} was reached (images or tokens per minute).${wait}${tail}`,
        {
          ...base,
          retryable: true,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          fixes: [{ kind: 'retry' }],
        },
      );
    }
    case 400:
    case 422: {
      if (/mimetype|mime type|image format|unsupported image|invalid image/i.test(apiMessage)) {
        return new ImageStudioError('invalid-image', `The API rejected an input image: ${apiMessage}${tail}`, base);
      }
      const param = err.param ? redact(err.param, secrets) : undefined;
      const subject = param !== undefined ? `The option "${param}"` : 'The request';
      return new ImageStudioError(
        'invalid-option',
        `${subject} was rejected by the API for ${model}: ${apiMessage}${tail}`,
        { ...base, fixes: [{ kind: 'open-settings', setting: context.settingPrefix ?? 'imageStudio' }] },
      );
    }
    default:
      // A stream failure (no status), a gateway's or a server's: judged below.
      break;
  }
  if (err.status === undefined) {
    // An `event: error` in the middle of a stream: the request was accepted, so a retry may bill again.
    return new ImageStudioError('server-error', `The image stream failed: ${apiMessage || 'no details given'}${tail}`, {
      ...base,
      retryable: false,
      fixes: [{ kind: 'retry' }],
    });
  }
  if (GATEWAY_STATUSES.has(err.status)) {
    return new ImageStudioError(
      'server-error',
      `A gateway in front of the OpenAI API gave up waiting (${err.status}). The image may still have been ` +
        `generated and billed; check the usage page before retrying.${tail}`,
      { ...base, retryable: false, fixes: [{ kind: 'retry' }] },
    );
  }
  if (err.status >= 500 || err.status === 408 || err.status === 409) {
    return new ImageStudioError(
      'server-error',
      `OpenAI had a server error (${err.status}). It is usually brief; a retry may be billed again if the ` +
        `first attempt finished.${tail}`,
      { ...base, retryable: true, fixes: [{ kind: 'retry' }] },
    );
  }
  return new ImageStudioError('unknown', `The OpenAI API answered ${err.status}: ${apiMessage}${tail}`, base);
}

function connectionError(err: APIConnectionError, secrets: readonly string[]): ImageStudioError {
  const failure = transportFailure(err);
  const detail = failure.codes.length > 0 ? ` (${redact(failure.codes.join(', '), secrets)})` : '';
  if (failure.beforeSending) {
    return new ImageStudioError(
      'connection',
      `Could not connect to the OpenAI API${detail}, so the request was not sent and nothing was billed. ` +
        `Check the network, proxy and base URL, then try again.`,
      { retryable: true, fixes: [{ kind: 'retry' }] },
    );
  }
  if (err instanceof APIConnectionTimeoutError) {
    // Connecting has its own timeout (10 s in Node's fetch), reported above; past it, the request was most likely sent.
    return new ImageStudioError(
      'timeout-maybe-billed',
      'The OpenAI API did not answer in time. The image may have been generated and billed anyway; check ' +
        'the usage page before retrying.',
      { retryable: false, fixes: [{ kind: 'retry' }], mayHaveBilled: true },
    );
  }
  return new ImageStudioError(
    'connection',
    `The connection to the OpenAI API failed${detail}. If the request had been sent, the image may have ` +
      `been billed; check the usage page before retrying.`,
    { retryable: false, fixes: [{ kind: 'retry' }], mayHaveBilled: true },
  );
}

interface TransportFailure {
  /** The error codes found, outermost first (at most three). */
  readonly codes: readonly string[];
  /** Every underlying failure happened while resolving, connecting or shaking hands: no byte of the request left. */
  readonly beforeSending: boolean;
}

/**
 * Reads the cause chain Node's fetch builds: TypeError('fetch failed') → the socket error (`code`, `syscall`), or an
 * AggregateError whose `errors` are one failed connect per address (IPv6 and IPv4 of `localhost`, say) and whose own
 * `code` is only the first of them.
 */
function transportFailure(err: unknown): TransportFailure {
  const codes: string[] = [];
  let leaves = 0;
  let leavesBeforeSending = 0;
  const visit = (node: unknown, depth: number): void => {
    if (!isRecord(node) || depth > 6) return;
    const code = typeof node['code'] === 'string' && /^[A-Z][A-Z0-9_]*$/.test(node['code']) ? node['code'] : undefined;
    const attempts = Array.isArray(node['errors']) ? node['errors'].slice(0, 8) : [];
    if (attempts.length > 0) {
      for (const attempt of attempts) visit(attempt, depth + 1);
      return;
    }
    if (code !== undefined && !codes.includes(code)) codes.push(code);
    if (node['cause'] !== undefined && node['cause'] !== node) {
      visit(node['cause'], depth + 1);
      return;
    }
    leaves++;
    const syscall = node['syscall'];
    if (
      (code !== undefined && NOT_SENT_CODES.has(code)) ||
      (typeof syscall === 'string' && NOT_SENT_SYSCALLS.has(syscall))
    )
      leavesBeforeSending++;
  };
  visit(err, 0);
  return { codes: codes.slice(0, 3), beforeSending: leaves > 0 && leavesBeforeSending === leaves };
}

function setting(context: ErrorContext, name: string): string {
  return `${context.settingPrefix ?? 'imageStudio'}.${name}`;
}

function billingFix(): Fix {
  return { kind: 'open-url', url: BILLING_URL, label: 'Open Billing' };
}

/**
 * A request id from the answer's headers as it may be shown, logged and kept in the ledger: only the shape request
 * ids have, and nothing a redaction would change (a hostile endpoint could send the key back as the id).
 */
export function safeRequestId(value: string | null | undefined, secrets: readonly string[] = []): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim();
  return /^[A-Za-z0-9_.:-]{1,128}$/.test(id) && redact(id, secrets) === id ? id : undefined;
}

function requestTail(requestId: string | null | undefined): string {
  return requestId ? ` (request ${requestId})` : '';
}

/** The API's own message without the SDK's `"<status> "` prefix. */
function innerMessage(err: APIError): string {
  const inner: unknown = err.error;
  if (isRecord(inner) && typeof inner['message'] === 'string') return inner['message'];
  return err.status !== undefined ? err.message.replace(new RegExp(`^${err.status} `), '') : err.message;
}

function moderationCategories(inner: unknown, secrets: readonly string[]): string[] {
  if (!isRecord(inner)) return [];
  const details = inner['moderation_details'];
  if (!isRecord(details) || !Array.isArray(details['categories'])) return [];
  return details['categories']
    .filter((c): c is string => typeof c === 'string')
    .map((c) => redact(c.replace(/[^\w ./-]/g, '').slice(0, 80), secrets))
    .slice(0, 10);
}

/** Reads `retry-after-ms` or `retry-after` (seconds or an HTTP date), as the SDK does. */
export function retryAfterMsFrom(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function isAbortError(err: unknown): boolean {
  return isRecord(err) && err['name'] === 'AbortError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
