/**
 * `npm run bench`: speed and memory of the engine shown as ratios measured in one run, so they hold on any
 * machine (never as timed assertions in tests). Each line: what, the measured ratio, the target, ok or not.
 * Exits 1 when a target is missed.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';
import { runImageJob, type ImageJobDeps, type ImageJob } from '../../src/core/engine/runImageJob';
import { parseImageRequest } from '../../src/core/request/imageRequest';
import { createNodeFileStore } from '../../src/core/files/nodeFileStore';
import { ImageRateLimiter } from '../../src/core/api/rateLimiter';
import { startEmulator, EMULATOR_TEST_KEY } from '../emulator';
import { repoRoot, testOutput } from '../host/paths';
import { median, metTarget, timed, type BenchResult as Result } from './benchResult';
import { engineVsSdkBench } from './engineVsSdk';
import { coldStartBench } from './coldStart';
import { hostBench } from './hostBench';
import { activationBundlesBench } from './activationBundles';
import { manifestAppendBench } from './manifestAppend';
import { pacedQueueBench } from './pacedQueue';

async function engineBench(root: string): Promise<Result[]> {
  const emulator = await startEmulator({ latencyScale: 0, imagesPerMinute: 100_000 });
  const store = createNodeFileStore();
  const workspace = path.join(root, 'ws');
  await store.createDirectory(workspace);
  const deps: ImageJobDeps = {
    store,
    privateStore: store,
    ledgerFolder: path.join(root, 'usage'),
    recoveryFolder: path.join(root, 'recovered'),
    cacheFolder: path.join(root, 'cache'),
    getApiKey: () => Promise.resolve(EMULATOR_TEST_KEY),
    limiter: new ImageRateLimiter({ imagesPerMinute: 100_000, maxConcurrent: 4 }),
    now: () => new Date(),
    confirm: () => Promise.resolve(true),
  };
  const job = (prompt: string, useCache = true): ImageJob => ({
    request: parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt, quality: 'low', size: '1024x1024' }),
    workspaceRoot: workspace,
    outputFolder: 'ignore',
    connection: { provider: 'openai', baseUrl: emulator.baseUrl },
    useCache,
    confirmAboveUsd: 0,
    monthlyBudgetUsd: 0,
  });
  try {
    await runImageJob(deps, job('warm up'));
    const fresh: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < 8; i++) fresh.push(await timed(() => runImageJob(deps, job(`a lighthouse number ${i}`))));
    for (let i = 0; i < 8; i++) cached.push(await timed(() => runImageJob(deps, job(`a lighthouse number ${i}`))));

    // Memory: what stays on the heap after many images is bookkeeping, not the images themselves.
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let bytesMade = 0;
    for (let i = 0; i < 20; i++) {
      const result = await runImageJob(deps, job(`a memory test boat ${i}`, false));
      for (const image of result.images) bytesMade += statSync(image.path).size;
    }
    global.gc?.();
    const retained = Math.max(0, process.memoryUsage().heapUsed - heapBefore);
    return [
      {
        name: 'cache hit vs. paid request (speed-up)',
        ratio: median(fresh) / median(cached),
        target: { op: '>=', value: 3 },
        detail:
          `median ${median(fresh).toFixed(1)} ms fresh, ${median(cached).toFixed(1)} ms cached ` +
          '(emulator, no render latency)',
      },
      {
        name: 'heap kept after 20 images / image bytes made',
        ratio: retained / bytesMade,
        target: { op: '<=', value: 0.5 },
        detail:
          `${(retained / 1024).toFixed(0)} KB kept for ${(bytesMade / 1024).toFixed(0)} KB of images` +
          (global.gc ? '' : ' (run with --expose-gc for a cleaner figure)'),
      },
    ];
  } finally {
    await emulator.close();
  }
}

function bundleBench(): Result[] {
  const budget = (file: string, kb: number, name: string): Result => {
    const size = statSync(path.join(repoRoot, 'dist', file)).size;
    return {
      name,
      ratio: size / (kb * 1024),
      target: { op: '<=', value: 1 },
      detail: `${(size / 1024).toFixed(0)} KB of a ${kb} KB budget (production build)`,
    };
  };
  return [
    // The thin activation bundle is evaluated at every window start; the other two only on first need.
    budget('extension.js', 16, 'activation bundle / budget'),
    budget('workbench.js', 500, 'workbench bundle / budget'),
    budget('openai.js', 500, 'SDK bundle / budget'),
    budget('webview.js', 400, 'webview bundle / budget'),
  ];
}

async function main(): Promise<void> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'image-studio-bench-')));
  try {
    const results = [
      ...(await engineVsSdkBench(root)),
      ...(await engineBench(root)),
      await manifestAppendBench(root),
      ...(await pacedQueueBench(root)),
      ...(await coldStartBench(root)),
      activationBundlesBench(),
      ...(await hostBench()),
      ...bundleBench(),
    ];
    let missed = 0;
    for (const r of results) {
      const ok = metTarget(r);
      if (!ok) missed++;
      const mark = !r.target ? 'info  ' : ok ? 'ok    ' : 'MISSED';
      const target = r.target ? ` (target ${r.target.op} ${r.target.value})` : '';
      console.log(`${mark} ${r.name}: ${r.ratio.toFixed(2)}${target} — ${r.detail}`);
    }
    const targeted = results.filter((r) => r.target).length;
    console.log(`${targeted - missed} of ${targeted} targets met`);
    mkdirSync(testOutput, { recursive: true });
    const report = path.join(testOutput, 'bench.json');
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: totalmem() / 2 ** 30 };
    const at = new Date().toISOString();
    writeFileSync(report, `${JSON.stringify({ at, machine, node: process.version, results }, null, 2)}\n`);
    console.log(`Written to ${path.relative(repoRoot, report)}.`);
    process.exitCode = missed > 0 ? 1 : 0;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
