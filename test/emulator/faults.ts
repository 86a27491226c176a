/**
 * Scripted faults: the next requests (optionally only those whose path ends with, or matches, `path`)
 * answer an error, hang, drop the connection, stall mid-answer, truncate the body, leave out the image data or
 * fail mid-stream.
 * Faults are taken in the order they were added; each applies `times` times (default 1).
 */
import { EMULATOR_ORGANIZATION } from './constants';
import { formatDuration } from './durations';
import {
  rateLimitMessage,
  insufficientQuotaError,
  organizationNotVerifiedError,
  serverErrorObject,
  serviceUnavailableObject,
  type ApiErrorObject,
} from './errors';

export interface ErrorFault {
  readonly kind: 'error';
  readonly status: number;
  /** The `error` object; a generic one for the status when omitted. */
  readonly error?: Partial<ApiErrorObject>;
  /** Sent as `retry-after` (seconds). */
  readonly retryAfterSeconds?: number;
  /** Sent as `retry-after-ms`. */
  readonly retryAfterMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Fault =
  | ErrorFault
  /** Never answer (until the emulator closes or the client gives up). */
  | { readonly kind: 'hang' }
  /** Read the body, then destroy the socket without answering. */
  | { readonly kind: 'drop' }
  /**
   * Process normally, then send `content-length` for the full body but only part of it, and end; streams send
   * `partials` partial images (default 1) and then the connection is cut.
   */
  | { readonly kind: 'truncate'; readonly partials?: number }
  /**
   * Process normally, but answer 200 without image data: no `b64_json` in `data[]`, nor in a stream's completed event.
   */
  | { readonly kind: 'noImageData' }
  /**
   * Process normally, but image `index` of the answer (of `data[]`, or the stream's index-th completed event) carries
   * text that is not base64, as a broken proxy or endpoint could send: the other images are sound.
   */
  | { readonly kind: 'corruptImage'; readonly index: number }
  /**
   * Process normally; streams send `partials` partial images (default 1) then stop without ending; JSON answers send
   * half the body and stop.
   */
  | { readonly kind: 'stall'; readonly partials?: number }
  /**
   * Streams send `partials` partial images (default 1) then `event: error`; JSON answers get `status` (default 500).
   */
  | {
      readonly kind: 'streamError';
      readonly partials?: number;
      readonly error?: Partial<ApiErrorObject>;
      readonly status?: number;
    };

export interface FaultMatch {
  /** A path suffix such as `/images/edits`, or a RegExp tested against the path. */
  readonly path?: string | RegExp;
  /** How many matching requests get this fault (default 1). */
  readonly times?: number;
}

interface Pending {
  readonly fault: Fault;
  readonly path: string | RegExp | undefined;
  remaining: number;
}

const GENERIC_ERRORS: Readonly<Record<number, ApiErrorObject>> = {
  400: { message: 'Scripted bad request.', type: 'invalid_request_error', param: null, code: 'invalid_value' },
  401: {
    message: 'Scripted authentication error.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  },
  403: organizationNotVerifiedError('gpt-image-2'),
  404: { message: 'Scripted not found.', type: 'invalid_request_error', param: null, code: null },
  429: { message: 'Rate limit reached (scripted).', type: 'requests', param: null, code: 'rate_limit_exceeded' },
  500: serverErrorObject(),
  503: serviceUnavailableObject(),
};

export function errorObjectFor(status: number, partial: Partial<ApiErrorObject> | undefined): ApiErrorObject {
  const base =
    GENERIC_ERRORS[status] ??
    (status >= 500
      ? serverErrorObject()
      : { message: `Scripted error ${status}.`, type: 'invalid_request_error', param: null, code: null });
  return { ...base, ...partial };
}

export class FaultScript {
  private queue: Pending[] = [];

  /** Adds a fault for the next matching request(s). */
  add(fault: Fault, match: FaultMatch = {}): this {
    this.queue.push({ fault, path: match.path, remaining: Math.max(1, match.times ?? 1) });
    return this;
  }

  /** Any status and error object. */
  error(
    status: number,
    error?: Partial<ApiErrorObject>,
    match?: FaultMatch & { retryAfterSeconds?: number; retryAfterMs?: number },
  ): this {
    return this.add(
      {
        kind: 'error',
        status,
        ...(error ? { error } : {}),
        ...(match?.retryAfterSeconds !== undefined ? { retryAfterSeconds: match.retryAfterSeconds } : {}),
        ...(match?.retryAfterMs !== undefined ? { retryAfterMs: match.retryAfterMs } : {}),
      },
      match,
    );
  }

  /** 429 `rate_limit_exceeded`, with `retry-after` / `retry-after-ms` only when given. */
  rateLimit(options: FaultMatch & { retryAfterSeconds?: number; retryAfterMs?: number; model?: string } = {}): this {
    const model = options.model ?? 'gpt-image-2';
    const wait = options.retryAfterMs ?? (options.retryAfterSeconds ?? 12) * 1000;
    return this.error(
      429,
      {
        message: rateLimitMessage(model, EMULATOR_ORGANIZATION, 5, 5, 1, formatDuration(wait)),
        type: 'requests',
        code: 'rate_limit_exceeded',
      },
      options,
    );
  }

  /** 429 `insufficient_quota` (retrying never helps). */
  insufficientQuota(match?: FaultMatch): this {
    return this.error(429, insufficientQuotaError(), match);
  }

  /** 403 "Your organization must be verified to use the model ...". */
  organizationNotVerified(model = 'gpt-image-2', match?: FaultMatch): this {
    return this.error(403, organizationNotVerifiedError(model), match);
  }

  serverError(match?: FaultMatch): this {
    return this.error(500, serverErrorObject(), match);
  }

  serviceUnavailable(match?: FaultMatch): this {
    return this.error(503, serviceUnavailableObject(), match);
  }

  hang(match?: FaultMatch): this {
    return this.add({ kind: 'hang' }, match);
  }

  drop(match?: FaultMatch): this {
    return this.add({ kind: 'drop' }, match);
  }

  truncate(match?: FaultMatch & { partials?: number }): this {
    return this.add(
      { kind: 'truncate', ...(match?.partials !== undefined ? { partials: match.partials } : {}) },
      match,
    );
  }

  noImageData(match?: FaultMatch): this {
    return this.add({ kind: 'noImageData' }, match);
  }

  corruptImage(index: number, match?: FaultMatch): this {
    return this.add({ kind: 'corruptImage', index }, match);
  }

  stall(partials = 1, match?: FaultMatch): this {
    return this.add({ kind: 'stall', partials }, match);
  }

  streamError(partials = 1, error?: Partial<ApiErrorObject>, match?: FaultMatch): this {
    return this.add({ kind: 'streamError', partials, ...(error ? { error } : {}) }, match);
  }

  /** Removes every pending fault. */
  clear(): void {
    this.queue = [];
  }

  /** How many fault applications are still pending. */
  get pending(): number {
    return this.queue.reduce((sum, p) => sum + p.remaining, 0);
  }

  /** Takes the first fault matching `path` (used by the server). */
  take(path: string): Fault | undefined {
    const index = this.queue.findIndex((p) => matches(p.path, path));
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}

function matches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return path === pattern || path.endsWith(pattern);
  return pattern.test(path);
}
