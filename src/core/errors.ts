/** ImageStudioError and the mapping from openai SDK errors to actionable, redacted messages. */
import type { APIConnectionError, APIError } from 'openai';
import { errorKindOf, type ErrorKind, type ErrorReason, type SpendNote } from './errorReason';
import { errorText } from './errorText';
import { openaiSdk } from './openaiSdk';
import { redact } from './secrets/redact';

export type { ErrorKind } from './errorReason';

export const ORGANIZATION_SETTINGS_URL = 'https://platform.openai.com/settings/organization/general';
export const BILLING_URL = 'https://platform.openai.com/settings/organization/billing';

export interface ImageStudioErrorOptions {
  requestId?: string;
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
  /** A check made before paying refused the job: nothing was sent, and the words say so first. */
  notSent?: boolean;
  /** What was recorded of the spend, when the failure came after something may have cost money. */
  spend?: readonly SpendNote[];
  cause?: unknown;
}

/**
 * A failure with its reason as data; each host words the reason (`errorText`), and `message` holds the neutral words
 * (redacted) for logs and hosts that do not.
 */
export class ImageStudioError extends Error {
  readonly reason: ErrorReason;
  readonly kind: ErrorKind;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly mayHaveBilled: boolean;
  readonly notSent: boolean;
  private readonly spendNotes: SpendNote[];

  constructor(reason: ErrorReason, options: ImageStudioErrorOptions = {}) {
    super('', options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'ImageStudioError';
    this.reason = reason;
    this.kind = errorKindOf(reason);
    this.mayHaveBilled = options.mayHaveBilled ?? false;
    this.notSent = options.notSent ?? false;
    this.spendNotes = [...(options.spend ?? [])];
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
    this.message = errorText(this);
  }

  /** What was recorded of this failure's spend, in order. */
  get spend(): readonly SpendNote[] {
    return this.spendNotes;
  }

  /** The options this error was made with, to make the same failure again with a change (`notSent`, say). */
  get options(): ImageStudioErrorOptions {
    return {
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.status !== undefined ? { status: this.status } : {}),
      mayHaveBilled: this.mayHaveBilled,
      notSent: this.notSent,
      spend: this.spendNotes,
    };
  }

  /** Adds what was recorded of the spend; the neutral message follows. */
  noteSpend(note: SpendNote): void {
    this.spendNotes.push(note);
    this.message = errorText(this);
  }
}

export interface ErrorContext {
  /** The model id the request used, named in model and option messages. */
  model: string;
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

/** Maps anything thrown by the SDK (or our own code) to an ImageStudioError whose reason holds redacted data. */
export function toImageStudioError(err: unknown, context: ErrorContext): ImageStudioError {
  const secrets = context.knownSecrets ?? [];
  if (err instanceof ImageStudioError) {
    return err;
  }
  // Only the SDK's callers get here (a paid call, the CLI's batches), so the SDK is loaded already or about to be.
  const { APIConnectionError, APIError, APIUserAbortError } = openaiSdk();
  if (err instanceof APIUserAbortError || isAbortError(err)) {
    return new ImageStudioError({ kind: 'cancelled', when: 'unknown' });
  }
  // A timeout is a connection error too: the SDK reports a connect that timed out as APIConnectionTimeoutError.
  if (err instanceof APIConnectionError) {
    return connectionError(err, secrets);
  }
  if (err instanceof APIError) {
    return apiError(err, context, secrets);
  }
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'An unexpected error occurred.';
  return new ImageStudioError({ kind: 'unexpected', detail: redact(message, secrets) });
}

function apiError(err: APIError, context: ErrorContext, secrets: readonly string[]): ImageStudioError {
  const requestId = safeRequestId(err.requestID, secrets);
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
    return new ImageStudioError(
      { kind: 'moderation-blocked', categories: moderationCategories(err.error, secrets) },
      base,
    );
  }
  if (code === 'billing_hard_limit_reached') return new ImageStudioError({ kind: 'billing-limit' }, base);
  if (code !== undefined && QUOTA_CODES.has(code)) return new ImageStudioError({ kind: 'insufficient-quota' }, base);
  if (code === 'invalid_api_key' || err.status === 401) return new ImageStudioError({ kind: 'invalid-api-key' }, base);
  if (code === 'model_not_found' || err.status === 404)
    return new ImageStudioError({ kind: 'model-not-found', model }, base);

  switch (err.status) {
    case 403:
      // OpenAI's own words say whether verification is what is missing.
      if (/verif/i.test(apiMessage)) return new ImageStudioError({ kind: 'organization-unverified', model }, base);
      return new ImageStudioError({ kind: 'access-denied', model, apiMessage }, base);
    case 429: {
      const retryAfterMs = retryAfterMsFrom(err.headers, context.now ?? Date.now);
      return new ImageStudioError(
        { kind: 'rate-limited', model, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
        { ...base, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
      );
    }
    case 400:
    case 422: {
      if (/mimetype|mime type|image format|unsupported image|invalid image/i.test(apiMessage)) {
        return new ImageStudioError({ kind: 'input-image-rejected', apiMessage }, base);
      }
      const param = err.param ? redact(err.param, secrets) : undefined;
      return new ImageStudioError(
        { kind: 'api-option-rejected', model, ...(param !== undefined ? { param } : {}), apiMessage },
        base,
      );
    }
    default:
      // A stream failure (no status), a gateway's or a server's: judged below.
      break;
  }
  // An `event: error` in the middle of a stream: the request was accepted, so a retry may bill again.
  if (err.status === undefined) return new ImageStudioError({ kind: 'stream-failed', apiMessage }, base);
  if (GATEWAY_STATUSES.has(err.status))
    return new ImageStudioError({ kind: 'gateway-gave-up', status: err.status }, base);
  if (err.status >= 500 || err.status === 408 || err.status === 409) {
    return new ImageStudioError({ kind: 'server-error', status: err.status }, base);
  }
  return new ImageStudioError({ kind: 'api-error', status: err.status, apiMessage }, base);
}

function connectionError(err: APIConnectionError, secrets: readonly string[]): ImageStudioError {
  const failure = transportFailure(err);
  const codes = failure.codes.map((code) => redact(code, secrets));
  if (failure.beforeSending) return new ImageStudioError({ kind: 'not-connected', codes });
  if (err instanceof openaiSdk().APIConnectionTimeoutError) {
    // Connecting has its own timeout (10 s in Node's fetch), reported above; past it, the request was most likely sent.
    return new ImageStudioError({ kind: 'timed-out' }, { mayHaveBilled: true });
  }
  return new ImageStudioError({ kind: 'connection-lost', codes }, { mayHaveBilled: true });
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

/**
 * A request id from the answer's headers as it may be shown, logged and kept in the ledger: only the shape request
 * ids have, and nothing a redaction would change (a hostile endpoint could send the key back as the id).
 */
export function safeRequestId(value: string | null | undefined, secrets: readonly string[] = []): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim();
  return /^[A-Za-z0-9_.:-]{1,128}$/.test(id) && redact(id, secrets) === id ? id : undefined;
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

function isAbortError(err: unknown): boolean {
  return isRecord(err) && err['name'] === 'AbortError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
