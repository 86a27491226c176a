/** A real engine against the emulator over HTTP, on a fresh temporary workspace per test. */
import type { CostQuestion } from '../../../../src/core/spend/budget';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ImageJobDeps, ImageJob } from '../../../../src/core/engine/runImageJob';
import type { JobRequest } from '../../../../src/core/engine/jobRequest';
import { createNodeFileStore } from '../../../../src/core/files/nodeFileStore';
import { ImageRateLimiter } from '../../../../src/core/api/rateLimiter';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../../../emulator';

export interface EngineHarness {
  emulator: RunningEmulator;
  /** The temporary folder; the workspace is `ws` inside it. */
  root: string;
  workspace: string;
  deps: ImageJobDeps;
  /** What `getApiKey` returns; tests may clear it. */
  key: string | undefined;
  /** Messages `confirm` was asked, always answered "no". */
  confirmations: CostQuestion[];
  /** A job for `request` into the workspace's `ignore` folder, with the cache on and no confirmation. */
  job(request: JobRequest, extra?: Partial<ImageJob>): ImageJob;
}

/** Registers mocha hooks and returns the current test's harness. */
export function useEngine(): () => EngineHarness {
  let current: EngineHarness | undefined;
  beforeEach(async () => {
    const emulator = await startEmulator({ latencyScale: 0 });
    // realpath: the workspace must not sit under a symlink, which the engine refuses (F3).
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'image-studio-engine-')));
    const workspace = path.join(root, 'ws');
    const store = createNodeFileStore();
    await store.createDirectory(workspace);
    const harness: EngineHarness = {
      emulator,
      root,
      workspace,
      key: EMULATOR_TEST_KEY,
      confirmations: [],
      deps: {
        store,
        privateStore: store,
        ledgerFolder: path.join(root, 'private', 'usage'),
        recoveryFolder: path.join(root, 'private', 'recovered'),
        cacheFolder: path.join(root, 'private', 'cache'),
        getApiKey: () => Promise.resolve(harness.key),
        limiter: new ImageRateLimiter({ imagesPerMinute: 50, maxConcurrent: 2 }),
        now: () => new Date('2026-11-30T10:00:00Z'),
        confirm: (m) => {
          harness.confirmations.push(m);
          return Promise.resolve(false);
        },
      },
      job: (request, extra = {}) => ({
        request,
        workspaceRoot: workspace,
        outputFolder: 'ignore',
        connection: { provider: 'openai', baseUrl: emulator.baseUrl },
        useCache: true,
        confirmAboveUsd: 0,
        monthlyBudgetUsd: 0,
        ...extra,
      }),
    };
    current = harness;
  });
  afterEach(async () => {
    await current?.emulator.close();
    if (current) rmSync(current.root, { recursive: true, force: true });
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('useEngine() is only available inside a test');
    return current;
  };
}
