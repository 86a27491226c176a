/**
 * A FIFO queue in front of the Images API (rule N7): caps calls in flight and spends an images-per-minute
 * budget over a sliding 60 s window, so we pace ourselves instead of collecting 429s. It also learns from
 * the server: a 429 pauses the queue, and `x-ratelimit-*-requests` headers bound what may start before a reset.
 */
import { ImageStudioError } from '../errors';

/** OpenAI's default images-per-minute limits per usage tier. */
export const TIER_IMAGES_PER_MINUTE = { tier1: 5, tier2: 20, tier3: 50, tier4: 150, tier5: 250 } as const;

/** What a scheduled job reports while it waits and when it starts. */
export type ScheduleEvent =
  { type: 'queued'; position: number } | { type: 'waiting'; ms: number; reason: 'rate-limit' } | { type: 'started' };

/** Per-job options of `schedule`. */
export interface ScheduleOptions {
  /** Removes the job while it is queued or waiting; a running task must watch the signal itself. */
  signal?: AbortSignal;
  onEvent?: (event: ScheduleEvent) => void;
}

/** Options of `ImageRateLimiter`. */
export interface RateLimiterOptions {
  /** Images that may start in any 60 s window (a request with `n` images counts n). */
  imagesPerMinute: number;
  /** Calls in flight at once. */
  maxConcurrent: number;
  /** Clock in ms (default Date.now). */
  now?: () => number;
  /** Waits `ms` unless `signal` aborts first (default setTimeout). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * How much later than our start the server counts a call (default 250 ms): its window opens that much after ours,
   * so a slot is reused only once the server's copy has left too.
   */
  transitAllowanceMs?: number;
}

const WINDOW_MS = 60_000;
// A 429 without retry-after still means "not now": hold the queue briefly rather than send at once.
const DEFAULT_PAUSE_MS = 1_000;
const DEFAULT_TRANSIT_ALLOWANCE_MS = 250;
// Longer than any render the API allows: a larger figure is not a processing time.
const MAX_PROCESSING_MS = 30 * 60_000;

interface Job {
  readonly images: number;
  readonly start: () => void;
  readonly cancel: () => void;
  readonly onEvent: ((event: ScheduleEvent) => void) | undefined;
  lastPosition: number | undefined;
}

interface Spend {
  readonly at: number;
  readonly images: number;
}

/** Queue that paces image jobs by concurrency, images per minute, and what the server said. */
export class ImageRateLimiter {
  private readonly imagesPerMinute: number;
  private readonly maxConcurrent: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly transitAllowanceMs: number;
  private readonly queue: Job[] = [];
  private spends: Spend[] = [];
  private running = 0;
  private pausedUntil = 0;
  /** From the last headers: how many images may still start before `serverResetAt`. */
  private serverRemaining: number | undefined;
  private serverResetAt = 0;
  /** When the call whose headers set the two above was sent: an older call's late answer does not overwrite them. */
  private serverCountedAt = Number.NEGATIVE_INFINITY;
  /** Aborts the pending timer when something changes, so the queue is re-evaluated at once. */
  private timer: AbortController | undefined;
  private announcedWait: { readonly job: Job; readonly until: number } | undefined;

  constructor(options: RateLimiterOptions) {
    this.imagesPerMinute = Math.max(1, options.imagesPerMinute);
    this.maxConcurrent = Math.max(1, options.maxConcurrent);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
    this.transitAllowanceMs = Math.max(0, options.transitAllowanceMs ?? DEFAULT_TRANSIT_ALLOWANCE_MS);
  }

  /** The limiter's clock, for `noteHeaders`' `sentAt`. */
  time(): number {
    return this.now();
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.running;
  }

  /** Jobs waiting to start. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Runs `task` when a slot and `images` of budget are free; rejects with 'cancelled' if `signal` aborts before it
   * starts.
   */
  schedule<T>(images: number, task: () => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
    const { signal, onEvent } = options;
    if (signal?.aborted) return Promise.reject(cancelledError());
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(job);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(cancelledError());
        this.reschedule();
      };
      const job: Job = {
        images: Math.max(1, Math.floor(images)),
        onEvent,
        lastPosition: undefined,
        cancel: () => signal?.removeEventListener('abort', onAbort),
        start: () => {
          job.cancel();
          onEvent?.({ type: 'started' });
          this.running++;
          // Spent when it starts: a call that fails still counts toward the server's per-minute limit.
          this.spends.push({ at: this.now(), images: job.images });
          if (this.serverRemaining !== undefined) this.serverRemaining = Math.max(0, this.serverRemaining - job.images);
          let settled: Promise<T>;
          try {
            settled = task();
          } catch (err) {
            settled = Promise.reject(err);
          }
          settled.then(resolve, reject).finally(() => {
            this.running--;
            this.reschedule();
          });
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** After a 429: holds every job that has not started for `retryAfterMs` (1 s when the server gave none). */
  noteRateLimited(retryAfterMs?: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + (retryAfterMs ?? DEFAULT_PAUSE_MS));
    this.reschedule();
  }

  /**
   * Learns from `x-ratelimit-remaining-requests` / `x-ratelimit-reset-requests` when the server sends them. The server
   * took that count when it admitted the call, and an answer carrying it comes a whole render later: anchored at its
   * arrival, every reset would wait that render out again. So the count is dated back by `openai-processing-ms` (the
   * server's own time on the call), and never before `sentAt` (this limiter's `time()` when the call was sent).
   */
  noteHeaders(headers: Headers, sentAt: number = Number.NEGATIVE_INFINITY): void {
    const remainingText = headers.get('x-ratelimit-remaining-requests');
    const resetText = headers.get('x-ratelimit-reset-requests');
    if (remainingText === null || resetText === null) return;
    const remaining = Number(remainingText);
    const resetMs = parseRateLimitDuration(resetText);
    if (!Number.isFinite(remaining) || remaining < 0 || resetMs === undefined) return;
    const now = this.now();
    const countedAt = Math.min(now, Math.max(sentAt, now - processingMs(headers)));
    if (countedAt < this.serverCountedAt) return;
    this.serverCountedAt = countedAt;
    // Calls we started after this one was sent may not be in the server's count.
    const startedSince = this.spends
      .filter((spend) => spend.at > Math.min(sentAt, countedAt))
      .reduce((sum, spend) => sum + spend.images, 0);
    this.serverRemaining = Math.max(0, Math.floor(remaining) - startedSince);
    this.serverResetAt = countedAt + resetMs;
    this.reschedule();
  }

  private reschedule(): void {
    this.timer?.abort();
    this.timer = undefined;
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running < this.maxConcurrent) {
      const head = this.queue[0];
      if (!head) break;
      const waitMs = this.waitFor(head.images);
      if (waitMs > 0) {
        if (!this.timer) this.wakeAfter(waitMs);
        // Announce a wait once, not on every re-check (a job finishing re-evaluates the queue).
        const until = this.now() + waitMs;
        if (this.announcedWait?.job !== head || this.announcedWait.until !== until) {
          this.announcedWait = { job: head, until };
          this.reportPositions();
          head.onEvent?.({ type: 'waiting', ms: waitMs, reason: 'rate-limit' });
        }
        break;
      }
      this.queue.shift();
      head.start();
    }
    this.reportPositions();
  }

  private wakeAfter(ms: number): void {
    const timer = new AbortController();
    this.timer = timer;
    this.sleep(ms, timer.signal).then(
      () => {
        // An aborted timer was replaced by whoever aborted it.
        if (timer.signal.aborted) return;
        this.timer = undefined;
        this.pump();
      },
      () => undefined,
    );
  }

  /** Ms until `images` may start: the longest of the 429 pause, the server's reset and our window. */
  private waitFor(images: number): number {
    const now = this.now();
    const pause = Math.max(0, this.pausedUntil - now);
    const server =
      this.serverRemaining !== undefined && now < this.serverResetAt && this.serverRemaining < images
        ? this.serverResetAt - now
        : 0;
    return Math.max(pause, server, this.windowWait(images, now));
  }

  private windowWait(images: number, now: number): number {
    const window = WINDOW_MS + this.transitAllowanceMs;
    this.spends = this.spends.filter((spend) => spend.at > now - window);
    // A job larger than the whole budget runs alone in an empty window rather than never.
    const needed = Math.min(images, this.imagesPerMinute);
    let used = this.spends.reduce((sum, spend) => sum + spend.images, 0);
    if (used + needed <= this.imagesPerMinute) return 0;
    for (const spend of this.spends) {
      used -= spend.images;
      if (used + needed <= this.imagesPerMinute) return Math.max(1, spend.at + window - now);
    }
    return window;
  }

  private reportPositions(): void {
    this.queue.forEach((job, index) => {
      const position = index + 1;
      if (job.lastPosition === position) return;
      job.lastPosition = position;
      job.onEvent?.({ type: 'queued', position });
    });
  }
}

/** The server's `openai-processing-ms`, or 0 (date the count at the answer) when it is missing or unreadable. */
function processingMs(headers: Headers): number {
  const ms = Number(headers.get('openai-processing-ms') ?? '');
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_PROCESSING_MS ? ms : 0;
}

/** Parses the API's reset durations (`12ms`, `1s`, `1.5s`, `6m0s`, `1h2m3s`) into ms; undefined if unreadable. */
export function parseRateLimitDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || !/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(trimmed)) return undefined;
  const units: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(match[1]) * (units[match[2] ?? ''] ?? 0);
  }
  return Math.round(total);
}

function cancelledError(): ImageStudioError {
  return new ImageStudioError({ kind: 'cancelled', when: 'before-sending' });
}

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
