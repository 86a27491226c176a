import * as assert from 'node:assert/strict';
import {
  ImageRateLimiter,
  TIER_IMAGES_PER_MINUTE,
  parseRateLimitDuration,
  type ScheduleEvent,
} from '../../../../src/core/api/rateLimiter';
import { FakeClock, rejectsWithKind, settle } from './support';

/** A task the test finishes by hand. */
function deferred(): { promise: Promise<string>; resolve: (value: string) => void; reject: (err: Error) => void } {
  let resolve!: (value: string) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('transport: ImageRateLimiter', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });
  /** A limiter that reads and waits on the fake clock, so the tests step time by hand. */
  const limiterOnClock = (limits: { imagesPerMinute: number; maxConcurrent: number }): ImageRateLimiter =>
    new ImageRateLimiter({ ...limits, now: clock.now, sleep: clock.sleep });

  it('10 jobs with concurrency 2 never have more than 2 in flight, and all finish', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 1000, maxConcurrent: 2 });
    let inFlight = 0;
    let peak = 0;
    const jobs = Array.from({ length: 10 }, (_, i) =>
      limiter.schedule(1, async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return i;
      }),
    );
    assert.deepEqual(await Promise.all(jobs), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(peak, 2);
  });

  it('images per minute 3 with n=2 jobs: the second waits until the first leaves the 60 s window', async () => {
    const limiter = new ImageRateLimiter({
      imagesPerMinute: 3,
      maxConcurrent: 5,
      now: clock.now,
      sleep: clock.sleep,
      transitAllowanceMs: 0,
    });
    const events: ScheduleEvent[] = [];
    const started: number[] = [];
    const first = limiter.schedule(2, async () => started.push(1));
    const second = limiter.schedule(2, async () => started.push(2), { onEvent: (e) => events.push(e) });
    await first;
    await settle();
    assert.deepEqual(started, [1]);
    assert.deepEqual(events, [
      { type: 'queued', position: 1 },
      { type: 'waiting', ms: 60_000, reason: 'rate-limit' },
    ]);
    await clock.advance(59_999);
    assert.deepEqual(started, [1], 'not before the window frees');
    await clock.advance(1);
    await second;
    assert.deepEqual(started, [1, 2]);
    assert.deepEqual(events.at(-1), { type: 'started' });
  });

  it('failures count toward the budget', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 1, maxConcurrent: 5 });
    await assert.rejects(
      limiter.schedule(1, () => Promise.reject(new Error('429'))),
      /429/,
    );
    let ran = false;
    const next = limiter.schedule(1, async () => {
      ran = true;
    });
    await settle();
    assert.equal(ran, false);
    await clock.advance(60_000);
    await settle();
    assert.equal(ran, false, 'the server counted the call a little after we sent it: its copy has not left yet');
    await clock.advance(250);
    await next;
    assert.equal(ran, true);
  });

  it('cancel while queued removes the job: its task never runs, later jobs move up', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 1 });
    const blocker = deferred();
    const running = limiter.schedule(1, () => blocker.promise);
    const controller = new AbortController();
    let cancelledRan = false;
    const cancelled = limiter.schedule(
      1,
      async () => {
        cancelledRan = true;
      },
      { signal: controller.signal },
    );
    const thirdEvents: ScheduleEvent[] = [];
    const third = limiter.schedule(1, async () => 'third', { onEvent: (e) => thirdEvents.push(e) });
    assert.equal(limiter.queued, 2);
    controller.abort();
    await rejectsWithKind(cancelled, 'cancelled');
    assert.equal(limiter.queued, 1);
    assert.deepEqual(thirdEvents, [
      { type: 'queued', position: 2 },
      { type: 'queued', position: 1 },
    ]);
    blocker.resolve('done');
    assert.equal(await running, 'done');
    assert.equal(await third, 'third');
    assert.equal(cancelledRan, false);
  });

  it('cancel while waiting for the rate limit rejects at once and frees the queue', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 1, maxConcurrent: 5 });
    await limiter.schedule(1, async () => undefined);
    const controller = new AbortController();
    const events: ScheduleEvent[] = [];
    const waiting = limiter.schedule(1, async () => 'ran', {
      signal: controller.signal,
      onEvent: (e) => events.push(e),
    });
    await settle();
    assert.equal(events.at(-1)?.type, 'waiting');
    controller.abort();
    await rejectsWithKind(waiting, 'cancelled');
    assert.equal(limiter.queued, 0);
    assert.equal(clock.pending, 0, 'the wait timer was cancelled too');
  });

  it('an already-aborted signal never queues', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 5, maxConcurrent: 1 });
    await rejectsWithKind(
      limiter.schedule(1, async () => 'x', { signal: AbortSignal.abort() }),
      'cancelled',
    );
    assert.equal(limiter.queued, 0);
  });

  it('noteRateLimited pauses the queue for retry-after', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 5 });
    limiter.noteRateLimited(5_000);
    const events: ScheduleEvent[] = [];
    let ran = false;
    const job = limiter.schedule(
      1,
      async () => {
        ran = true;
      },
      { onEvent: (e) => events.push(e) },
    );
    await settle();
    assert.deepEqual(events.at(-1), { type: 'waiting', ms: 5_000, reason: 'rate-limit' });
    await clock.advance(4_999);
    assert.equal(ran, false);
    await clock.advance(1);
    await job;
    assert.equal(ran, true);
  });

  it('noteHeaders: remaining 0 holds jobs until the reset', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 5 });
    limiter.noteHeaders(new Headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' }));
    let ran = false;
    const job = limiter.schedule(1, async () => {
      ran = true;
    });
    await clock.advance(359_999);
    assert.equal(ran, false);
    await clock.advance(1);
    await job;
    assert.equal(ran, true);
  });

  it('noteHeaders: remaining 2 lets 2 images start, then waits', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 5 });
    limiter.noteHeaders(new Headers({ 'x-ratelimit-remaining-requests': '2', 'x-ratelimit-reset-requests': '1s' }));
    const started: number[] = [];
    const jobs = [1, 2, 3].map((i) => limiter.schedule(1, async () => started.push(i)));
    await settle();
    assert.deepEqual(started, [1, 2]);
    await clock.advance(1_000);
    await Promise.all(jobs);
    assert.deepEqual(started, [1, 2, 3]);
  });

  it('noteHeaders: the reset counts from when the server counted the call, not from its answer', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 5 });
    const sentAt = limiter.time();
    await clock.advance(8_000);
    limiter.noteHeaders(
      new Headers({
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '52s',
        'openai-processing-ms': '7990',
      }),
      sentAt,
    );
    let ran = false;
    const job = limiter.schedule(1, async () => {
      ran = true;
    });
    await clock.advance(44_009);
    assert.equal(ran, false);
    await clock.advance(1);
    await job;
    assert.equal(ran, true, 'runs 52 s after the server counted it (10 ms after it was sent)');
  });

  it('noteHeaders: a processing time longer than the call never dates the count before it was sent', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 5 });
    const sentAt = limiter.time();
    await clock.advance(1_000);
    limiter.noteHeaders(
      new Headers({
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '10s',
        'openai-processing-ms': '999999',
      }),
      sentAt,
    );
    let ran = false;
    const job = limiter.schedule(1, async () => {
      ran = true;
    });
    await clock.advance(8_999);
    assert.equal(ran, false);
    await clock.advance(1);
    await job;
    assert.equal(ran, true);
  });

  it('noteHeaders: without a processing time the count is dated at the answer', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 5 });
    const sentAt = limiter.time();
    await clock.advance(8_000);
    limiter.noteHeaders(
      new Headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '5s' }),
      sentAt,
    );
    let ran = false;
    const job = limiter.schedule(1, async () => {
      ran = true;
    });
    await clock.advance(4_999);
    assert.equal(ran, false);
    await clock.advance(1);
    await job;
    assert.equal(ran, true);
  });

  it('noteHeaders: calls started after the counted one was sent are taken off its remaining', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 5 });
    const sentAt = limiter.time();
    await clock.advance(1);
    await limiter.schedule(2, async () => 'started after the count');
    limiter.noteHeaders(
      new Headers({ 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '1s' }),
      sentAt,
    );
    const started: number[] = [];
    const jobs = [1, 2].map((i) => limiter.schedule(1, async () => started.push(i)));
    await settle();
    assert.deepEqual(started, [1], 'one of the three left');
    await clock.advance(1_000);
    await Promise.all(jobs);
    assert.deepEqual(started, [1, 2]);
  });

  it('noteHeaders: an older call answering late does not overwrite a newer count', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 5 });
    const olderSentAt = limiter.time();
    await clock.advance(10);
    limiter.noteHeaders(new Headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '30s' }));
    limiter.noteHeaders(
      new Headers({
        'x-ratelimit-remaining-requests': '50',
        'x-ratelimit-reset-requests': '1s',
        'openai-processing-ms': '10',
      }),
      olderSentAt,
    );
    let ran = false;
    const job = limiter.schedule(1, async () => {
      ran = true;
    });
    await settle();
    assert.equal(ran, false);
    await clock.advance(30_000);
    await job;
    assert.equal(ran, true);
  });

  it('ignores headers it cannot read', async () => {
    const limiter = limiterOnClock({ imagesPerMinute: 100, maxConcurrent: 5 });
    limiter.noteHeaders(new Headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': 'soon' }));
    assert.equal(await limiter.schedule(1, async () => 'ran'), 'ran');
  });

  it('parses reset durations', () => {
    assert.deepEqual(
      ['12ms', '1s', '1.5s', '6m0s', '1h2m3s', '250ms'].map(parseRateLimitDuration),
      [12, 1_000, 1_500, 360_000, 3_723_000, 250],
    );
    assert.deepEqual(['', 'soon', '5', '1d'].map(parseRateLimitDuration), [undefined, undefined, undefined, undefined]);
  });

  it('exports the tier presets', () => {
    assert.deepEqual(TIER_IMAGES_PER_MINUTE, { tier1: 5, tier2: 20, tier3: 50, tier4: 150, tier5: 250 });
  });
});
