/**
 * The one retry layer (rule N2): only a 429 `rate_limit_exceeded` is retried, because it is the only
 * failure where the request certainly did no paid work. Everything else (bad options, auth, quota,
 * moderation, timeouts and dropped connections that may have been billed, N3/N4) is reported at once.
 */
import { randomInt } from 'node:crypto';
import { ImageStudioError } from '../errors';

/** Why the policy is waiting before the next attempt. */
export type RetryWaitReason = 'rate-limit';

/** Waits `ms`; should reject or resolve early when `signal` aborts (the policy also races the signal itself). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Options of `withRetries`; every field has a default. */
export interface RetryOptions {
  /** Cancels the wait between attempts and stops further attempts. */
  signal?: AbortSignal;
  sleep?: Sleep;
  /** A number in [0, 1) for jitter. */
  random?: () => number;
  /** Attempts in total, the first included (default 3). */
  maxAttempts?: number;
  /**
   * The longest server-requested wait we honour; a longer `retry-after` gives up with a clear error (default 5 min).
   */
  maxWaitMs?: number;
  /** Called before each wait, so the UI can show a countdown. `attempt` is the attempt that just failed (1-based). */
  onWait?: (ms: number, attempt: number, reason: RetryWaitReason) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_MAX_WAIT_MS = 5 * 60_000;
// The SDK's own backoff (N1): 0.5 s doubling, capped at 8 s, up to 25 % jitter taken off.
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const JITTER_SHARE = 0.25;

/**
 * Runs `attempt` (given its 1-based number), retrying only rate-limit errors after the wait the server asked for or a
 * jittered backoff.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { signal, onWait } = options;
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? cryptoRandom;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;

  for (let attemptNumber = 1; ; attemptNumber++) {
    throwIfCancelled(signal);
    try {
      return await attempt(attemptNumber);
    } catch (err) {
      // The attempt's own cancel error says whether the request had been sent; keep it.
      if (signal?.aborted) throw err instanceof ImageStudioError && err.kind === 'cancelled' ? err : cancelledError();
      if (!(err instanceof ImageStudioError) || err.kind !== 'rate-limited' || attemptNumber >= maxAttempts) throw err;
      const waitMs = err.retryAfterMs ?? backoffMs(attemptNumber, random);
      if (waitMs > maxWaitMs) throw tooLongWait(err, waitMs, maxWaitMs);
      onWait?.(waitMs, attemptNumber, 'rate-limit');
      await abortableSleep(sleep, waitMs, signal);
    }
  }
}

/** The backoff before attempt `failedAttempt + 1`: 0.5 s·2^(n-1), capped at 8 s, minus up to 25 % jitter. */
export function backoffMs(failedAttempt: number, random: () => number): number {
  const base = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(base * (1 - JITTER_SHARE * random()));
}

async function abortableSleep(sleep: Sleep, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(ms);
  throwIfCancelled(signal);
  // Race the signal ourselves so an injected sleep that ignores it still cannot delay a cancel.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms, signal), aborted]);
  } catch (err) {
    if (signal.aborted) throw cancelledError();
    throw err;
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function tooLongWait(err: ImageStudioError, waitMs: number, maxWaitMs: number): ImageStudioError {
  return new ImageStudioError(
    { kind: 'rate-limit-wait-too-long', waitMs, maxWaitMs },
    {
      retryAfterMs: waitMs,
      ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
      ...(err.status !== undefined ? { status: err.status } : {}),
    },
  );
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

function cancelledError(): ImageStudioError {
  return new ImageStudioError({ kind: 'cancelled', when: 'unknown' });
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

// Math.random is banned by lint (W2); crypto is as cheap for a handful of jitter values.
function cryptoRandom(): number {
  return randomInt(0, 2 ** 32) / 2 ** 32;
}
