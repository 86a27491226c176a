/**
 * `npm run bench`: speed and memory of the engine shown as ratios measured in one run, so they hold on any
 * machine (never as timed assertions in tests). Each line: what, the measured ratio, the target, ok or not.
 * Exits 1 when a target is missed.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runImageJob, type ImageJobDeps, type ImageJob } from '../../src/core/engine/runImageJob';
import { parseImageRequest } from '../../src/core/request/imageRequest';
import { appendManifestEntry, newManifestEntryId } from '../../src/core/files/manifest';
import { createNodeFileStore } from '../../src/core/files/nodeFileStore';
import { ImageRateLimiter } from '../../src/core/api/rateLimiter';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startEmulator, EMULATOR_TEST_KEY } from '../emulator';
import { repoRoot } from '../host/paths';

interface Result {
  readonly name: string;
  readonly ratio: number;
  /** The ratio must be at least (`>=`) or at most (`<=`) this. */
  readonly target: { readonly op: '>=' | '<='; readonly value: number };
  readonly detail: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

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

async function manifestBench(root: string): Promise<Result> {
  const store = createNodeFileStore();
  const workspace = path.join(root, 'manifest-ws');
  await store.createDirectory(workspace);
  const append = (i: number) =>
    appendManifestEntry({
      store,
      workspaceRoot: workspace,
      now: new Date(),
      entry: {
        id: newManifestEntryId(),
        file: `ignore/image-${i}.png`,
        prompt: `prompt ${i} `.repeat(8),
        model: 'gpt-image-2',
        kind: 'generate',
        options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
        requestHash: 'a'.repeat(64),
        createdAt: new Date().toISOString(),
        costUsd: 0.01,
      },
    });
  const sample = async (): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push(await timed(() => append(i)));
    return median(times);
  };
  const small = await sample();
  for (let i = 0; i < 2000; i++) await append(i);
  const large = await sample();
  return {
    name: 'manifest append at 2,000 images vs. at 10',
    ratio: large / small,
    target: { op: '<=', value: 40 },
    detail:
      `median ${small.toFixed(2)} ms at 10 images, ${large.toFixed(2)} ms at 2,010 ` +
      '(the file is rewritten whole, atomically)',
  };
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
    budget('extension.js', 800, 'extension bundle / budget'),
    budget('webview.js', 400, 'webview bundle / budget'),
  ];
}

/** How long a bare `node -e 0` takes from spawn to exit: the floor every Node program's start sits on. */
function nodeStartMs(): Promise<number> {
  return timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
        child.on('error', reject);
        child.on('exit', () => resolve());
      }),
  );
}

/** From spawning the production `dist/cli.js mcp` to the answer of its first `tools/list`, as an agent sees it. */
async function mcpColdStartMs(root: string): Promise<number> {
  const workspace = path.join(root, 'mcp-ws');
  mkdirSync(workspace, { recursive: true });
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(repoRoot, 'dist', 'cli.js'), 'mcp', '--workspace', workspace],
    cwd: workspace,
    // No key or endpoint: listing the tools needs neither.
    env: { PATH: process.env['PATH'] ?? '', HOME: root, XDG_CONFIG_HOME: path.join(root, 'mcp-config') },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'image-studio-bench', version: '1.0.0' });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const elapsed = performance.now() - started;
    if (tools.length === 0) throw new Error('the MCP server listed no tools');
    return elapsed;
  } finally {
    await client.close();
  }
}

async function mcpBench(root: string): Promise<Result> {
  const runs = 7;
  const bare: number[] = [];
  const mcp: number[] = [];
  // Interleaved, so a busy moment on the machine weighs on both alike.
  for (let i = 0; i < runs; i++) {
    bare.push(await nodeStartMs());
    mcp.push(await mcpColdStartMs(root));
  }
  return {
    name: 'MCP cold start to first tools/list / node -e 0',
    ratio: median(mcp) / median(bare),
    target: { op: '<=', value: 6 },
    detail: `median ${median(mcp).toFixed(0)} ms against ${median(bare).toFixed(0)} ms, ${runs} runs each`,
  };
}

async function main(): Promise<void> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'image-studio-bench-')));
  try {
    const results = [...(await engineBench(root)), await manifestBench(root), await mcpBench(root), ...bundleBench()];
    let missed = 0;
    for (const r of results) {
      const ok = r.target.op === '>=' ? r.ratio >= r.target.value : r.ratio <= r.target.value;
      if (!ok) missed++;
      console.log(
        `${ok ? 'ok    ' : 'MISSED'} ${r.name}: ${r.ratio.toFixed(2)} ` +
          `(target ${r.target.op} ${r.target.value}) — ${r.detail}`,
      );
    }
    console.log(`${results.length - missed} of ${results.length} targets met`);
    // The same lines for a machine to read.
    console.log(JSON.stringify({ results, missed }));
    process.exitCode = missed > 0 ? 1 : 0;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
