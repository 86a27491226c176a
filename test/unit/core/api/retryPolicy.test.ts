import * as assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { callImagesApi } from '../../../../src/core/api/callImagesApi';
import { ImageStudioError } from '../../../../src/core/errors';
import { clearImageClientCache, getImageClient } from '../../../../src/core/api/imageClient';
import { backoffMs, withRetries, type RetryOptions } from '../../../../src/core/api/retryPolicy';
import type { RunningEmulator } from '../../../emulator';
import {
  EMULATOR_TEST_KEY,
  generateRequest,
  rejectsWithKind,
  startTestEmulator,
  watchUnhandledRejections,
} from './support';
import { MAX_RECEIVED_IMAGE_BYTES } from '../../../../src/core/files/saveImage';

describe('transport: withRetries', function () {
  let emu: RunningEmulator;
  let client: OpenAI;
  let sleeps: number[];
  let waits: [number, number, string][];
  const unhandled = watchUnhandledRejections();

  /** Options with a recording sleep that returns at once, and no jitter. */
  const retryOptions = (extra: RetryOptions = {}): RetryOptions => ({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    onWait: (ms, attempt, reason) => waits.push([ms, attempt, reason]),
    ...extra,
  });
  const call = (timeoutMs = 10_000, signal?: AbortSignal): Promise<unknown> =>
    callImagesApi(client, generateRequest(), {
      timeoutMs,
      knownSecrets: [EMULATOR_TEST_KEY],
      maxImageBytes: MAX_RECEIVED_IMAGE_BYTES,
      ...(signal ? { signal } : {}),
    });

  beforeEach(async () => {
    emu = await startTestEmulator();
    clearImageClientCache();
    client = getImageClient({ provider: 'openai', apiKey: EMULATOR_TEST_KEY, baseUrl: emu.baseUrl });
    sleeps = [];
    waits = [];
  });
  afterEach(() => emu.close());
  after(() => {
    unhandled.stop();
    assert.deepEqual(unhandled.seen, [], 'no unhandled rejections');
  });

  it('429 with retry-after: 2, then success → exactly 2 requests and sleep(2000)', async () => {
    emu.script.rateLimit({ retryAfterSeconds: 2 });
    await withRetries(() => call(), retryOptions());
    assert.deepEqual(
      emu.requests.map((r) => r.status),
      [429, 200],
    );
    assert.deepEqual(sleeps, [2000]);
    assert.deepEqual(waits, [[2000, 1, 'rate-limit']]);
  });

  it('retry-after-ms wins over retry-after', async () => {
    emu.script.rateLimit({ retryAfterMs: 1250 });
    await withRetries(() => call(), retryOptions());
    assert.deepEqual(sleeps, [1250]);
  });

  it('an unparsable retry-after falls back to backoff', async () => {
    emu.script.add({
      kind: 'error',
      status: 429,
      error: { code: 'rate_limit_exceeded' },
      headers: { 'retry-after': 'totally-not-valid' },
    });
    await withRetries(() => call(), retryOptions());
    assert.equal(emu.requests.length, 2);
    assert.deepEqual(sleeps, [500]);
  });

  it('a retry-after over 60 s is honoured up to maxWaitMs', async () => {
    emu.script.rateLimit({ retryAfterSeconds: 90 });
    await withRetries(() => call(), retryOptions({ maxWaitMs: 120_000 }));
    assert.deepEqual(sleeps, [90_000]);
    assert.equal(emu.requests.length, 2);
  });

  it('a retry-after beyond maxWaitMs gives up at once with a clear error', async () => {
    emu.script.rateLimit({ retryAfterSeconds: 600 });
    const err = await rejectsWithKind(
      withRetries(() => call(), retryOptions({ maxWaitMs: 60_000 })),
      'rate-limited',
    );
    assert.match(err.message, /wait 10 min, longer than the 1 min/);
    assert.equal(err.retryAfterMs, 600_000);
    assert.deepEqual(sleeps, []);
    assert.equal(emu.requests.length, 1);
  });

  it('gives up after maxAttempts, with the last rate-limit error', async () => {
    emu.script.rateLimit({ retryAfterSeconds: 1, times: 5 });
    await rejectsWithKind(
      withRetries(() => call(), retryOptions({ maxAttempts: 3 })),
      'rate-limited',
    );
    assert.equal(emu.requests.length, 3);
    assert.deepEqual(sleeps, [1000, 1000]);
  });

  const notRetried: {
    name: string;
    script: (e: RunningEmulator) => void;
    kind: Parameters<typeof rejectsWithKind>[1];
  }[] = [
    { name: '429 insufficient_quota', script: (e) => e.script.insufficientQuota(), kind: 'insufficient-quota' },
    {
      name: '400 bad option',
      script: (e) => e.script.error(400, { param: 'size', code: 'invalid_value' }),
      kind: 'invalid-option',
    },
    {
      name: '400 moderation',
      script: (e) =>
        e.script.error(400, {
          code: 'moderation_blocked',
          type: 'image_generation_user_error',
          message: 'Your request was rejected by the safety system.',
        }),
      kind: 'moderation-blocked',
    },
    { name: '401', script: (e) => e.script.error(401), kind: 'invalid-api-key' },
    { name: '403', script: (e) => e.script.organizationNotVerified(), kind: 'organization-unverified' },
    { name: '404', script: (e) => e.script.error(404, { code: 'model_not_found' }), kind: 'model-not-found' },
    {
      name: '400 billing',
      script: (e) => e.script.error(400, { code: 'billing_hard_limit_reached' }),
      kind: 'billing-limit',
    },
    { name: '500 (may have run and billed)', script: (e) => e.script.serverError(), kind: 'server-error' },
    { name: 'connection dropped after the body', script: (e) => e.script.drop(), kind: 'connection' },
  ];
  for (const testCase of notRetried) {
    it(`never retries ${testCase.name} → 1 request`, async () => {
      testCase.script(emu);
      await rejectsWithKind(
        withRetries(() => call(), retryOptions()),
        testCase.kind,
      );
      assert.equal(emu.requests.length, 1);
      assert.deepEqual(sleeps, []);
    });
  }

  it('never re-sends after a timeout: hang with a short timeout → 1 request, "may have been billed"', async () => {
    emu.script.hang();
    const err = await rejectsWithKind(
      withRetries(() => call(150), retryOptions()),
      'timeout-maybe-billed',
    );
    assert.match(err.message, /may have been generated and billed/);
    assert.equal(emu.requests.length, 1);
  });

  it('cancel while waiting for the rate limit rejects at once, even if sleep ignores the signal', async () => {
    emu.script.rateLimit({ retryAfterSeconds: 30 });
    const controller = new AbortController();
    const neverEnds = (): Promise<void> => new Promise<void>(() => undefined);
    const started = Date.now();
    await rejectsWithKind(
      withRetries(() => call(), {
        sleep: neverEnds,
        onWait: () => setTimeout(() => controller.abort(), 20),
        signal: controller.signal,
      }),
      'cancelled',
    );
    assert.ok(Date.now() - started < 1_000);
    assert.equal(emu.requests.length, 1);
  });

  it('cancel with the default sleep ends the wait too', async () => {
    emu.script.rateLimit({ retryAfterSeconds: 30 });
    const controller = new AbortController();
    const pending = withRetries(() => call(10_000, controller.signal), {
      signal: controller.signal,
      onWait: () => controller.abort(),
    });
    await rejectsWithKind(pending, 'cancelled');
    assert.equal(emu.requests.length, 1);
  });

  it('an already-aborted signal makes no attempt', async () => {
    let attempts = 0;
    await rejectsWithKind(
      withRetries(
        async () => {
          attempts++;
        },
        { signal: AbortSignal.abort() },
      ),
      'cancelled',
    );
    assert.equal(attempts, 0);
  });

  it('passes other errors through untouched', async () => {
    const original = new TypeError('a bug');
    await assert.rejects(
      withRetries(() => Promise.reject(original), retryOptions()),
      (err) => err === original,
    );
    const quota = new ImageStudioError({ kind: 'insufficient-quota' });
    await assert.rejects(
      withRetries(() => Promise.reject(quota), retryOptions()),
      (err) => err === quota,
    );
  });

  it('backoff: 0.5 s doubling, capped at 8 s, minus up to 25 % jitter', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 9].map((n) => backoffMs(n, () => 0)),
      [500, 1000, 2000, 4000, 8000, 8000, 8000],
    );
    assert.equal(
      backoffMs(1, () => 0.999),
      375,
    );
  });
});
