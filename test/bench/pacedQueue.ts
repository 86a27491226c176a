/**
 * 100 prompts queued at once under an images-per-minute limit of 5 (OpenAI's tier 1), on a scaled clock shared by the
 * emulator (which enforces the limit and answers 429 as the API does) and the engine's limiter: twenty clock minutes
 * pass in a few real seconds. Counts the 429s the emulator sent and compares the clock time the queue took with the
 * ideal: the first 5 at once, then 5 a minute.
 */
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { ImageRateLimiter } from '../../src/core/api/rateLimiter';
import { createNodeFileStore } from '../../src/core/files/nodeFileStore';
import { runImageJob, type ImageJob, type ImageJobDeps } from '../../src/core/engine/runImageJob';
import { parseImageRequest } from '../../src/core/request/imageRequest';
import { EMULATOR_TEST_KEY, startEmulator } from '../emulator';
import type { BenchResult } from './benchResult';

const PROMPTS = 100;
const IMAGES_PER_MINUTE = 5;
// One real millisecond is this many clock milliseconds: the 19 ideal minutes take 19 real seconds. Faster, the
// milliseconds a request spends in transit on a busy machine become clock seconds, which no real network costs.
const CLOCK_SCALE = 60;
const MINUTE_MS = 60_000;

/** A clock that runs `scale` times faster than real time, and a sleep on it. */
function scaledClock(scale: number): { now: () => number; sleep: (ms: number, signal: AbortSignal) => Promise<void> } {
  const realStart = performance.now();
  const clockStart = Date.now();
  return {
    now: () => clockStart + (performance.now() - realStart) * scale,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms / scale);
        signal.addEventListener('abort', done, { once: true });
        function done(): void {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
      }),
  };
}

export async function pacedQueueBench(root: string): Promise<BenchResult[]> {
  const clock = scaledClock(CLOCK_SCALE);
  // The render latency runs on real timers: scaled down, a low-quality image takes its 8 clock seconds.
  const emulator = await startEmulator({
    imagesPerMinute: IMAGES_PER_MINUTE,
    now: clock.now,
    latencyScale: 1 / CLOCK_SCALE,
  });
  const store = createNodeFileStore();
  const workspace = path.join(root, 'paced-ws');
  await store.createDirectory(workspace);
  const deps: ImageJobDeps = {
    store,
    privateStore: store,
    ledgerFolder: path.join(root, 'paced-usage'),
    recoveryFolder: path.join(root, 'paced-recovered'),
    cacheFolder: path.join(root, 'paced-cache'),
    getApiKey: () => Promise.resolve(EMULATOR_TEST_KEY),
    limiter: new ImageRateLimiter({
      imagesPerMinute: IMAGES_PER_MINUTE,
      maxConcurrent: 4,
      now: clock.now,
      sleep: clock.sleep,
    }),
    // Real time for the rest of the engine (dates it records, how long it waits for a file lock).
    now: () => new Date(),
    confirm: () => Promise.resolve(true),
  };
  const job = (): ImageJob => ({
    request: parseImageRequest({
      kind: 'generate',
      model: 'gpt-image-2',
      // One prompt: the emulator renders it once, so its drawing does not crowd the engine's work on the clock.
      prompt: 'a paced lighthouse',
      quality: 'low',
      size: '1024x1024',
    }),
    workspaceRoot: workspace,
    outputFolder: 'ignore',
    connection: { provider: 'openai', baseUrl: emulator.baseUrl },
    useCache: false,
    confirmAboveUsd: 0,
    monthlyBudgetUsd: 0,
  });
  try {
    const started = clock.now();
    const realStarted = performance.now();
    const outcomes = await Promise.allSettled(Array.from({ length: PROMPTS }, () => runImageJob(deps, job())));
    const elapsed = clock.now() - started;
    const realMs = performance.now() - realStarted;
    const failed = outcomes.filter((outcome) => outcome.status === 'rejected').length;
    const images = emulator.requests.filter((request) => request.path === '/v1/images/generations');
    const rateLimited = images.filter((request) => request.status === 429).length;
    const admitted = images.filter((request) => request.status === 200).map((request) => request.receivedAt);
    // From the first admission: before it each job runs its own checks, real work the scaled clock stretches 60-fold.
    const firstAdmitted = Math.min(...admitted) - started;
    const lastAdmitted = Math.max(...admitted) - started;
    const idealMs = ((PROMPTS - IMAGES_PER_MINUTE) / IMAGES_PER_MINUTE) * MINUTE_MS;
    const minutes = (ms: number): string => `${(ms / MINUTE_MS).toFixed(2)} min`;
    const summary =
      `${PROMPTS} prompts at ${IMAGES_PER_MINUTE} images/min, clock x${CLOCK_SCALE} (${(realMs / 1000).toFixed(1)} s ` +
      `real)${failed > 0 ? `, ${failed} failed` : ''}`;
    return [
      {
        name: 'paced queue: 429s received',
        ratio: rateLimited + failed,
        target: { op: '<=', value: 0 },
        detail: `${rateLimited} of ${images.length} requests answered 429; ${summary}`,
      },
      {
        name: 'paced queue: time / ideal',
        ratio: (lastAdmitted - firstAdmitted) / idealMs,
        target: { op: '<=', value: 1.05 },
        detail:
          `requests admitted from ${minutes(firstAdmitted)} to ${minutes(lastAdmitted)} after queueing, ideal ` +
          `${minutes(idealMs)} (the first 5 at once, then 5 a minute); the last image saved at ${minutes(elapsed)} ` +
          `(8 s render); ${summary}`,
      },
    ];
  } finally {
    await emulator.close();
  }
}
