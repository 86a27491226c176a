/**
 * The engine against a bare SDK call, as whole processes in one run: `image-studio generate` and the hand-written
 * `bareSdkCall.js` each make the same image from the same emulator (known latency, photo-like payloads) and save it.
 * Runs alternate so drift in the machine's load falls on both sides alike. Also the peak memory of each while it
 * receives and saves a 3840x2160 image, relative to the image's decoded size.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EMULATOR_TEST_KEY, startEmulator } from '../emulator';
import { repoRoot } from '../host/paths';
import { median, timed, type BenchResult } from './benchResult';

const run = promisify(execFile);
const CLI = path.join(repoRoot, 'dist', 'cli.js');
const BARE = path.join(repoRoot, 'out', 'test', 'bench', 'bareSdkCall.js');
const PEAK_RSS = path.join(repoRoot, 'out', 'test', 'bench', 'peakRss.js');
// 1024x1024 low renders in 8 s on the latency model: a twentieth of it keeps the bench short and the ratio honest.
const LATENCY_SCALE = 0.05;

interface Case {
  readonly size: '1024x1024' | '3840x2160';
  readonly stream: boolean;
  readonly runs: number;
}

const CASES: readonly Case[] = [
  { size: '1024x1024', stream: false, runs: 7 },
  { size: '1024x1024', stream: true, runs: 7 },
  { size: '3840x2160', stream: false, runs: 3 },
  { size: '3840x2160', stream: true, runs: 3 },
];

interface Sides {
  readonly engine: () => Promise<number>;
  readonly bare: () => Promise<number>;
}

/** Spawns each side once per call; resolves the process's peak memory in bytes. */
function sidesFor(root: string, baseUrl: string, c: Case): Sides {
  let n = 0;
  const env = (rssFile: string): NodeJS.ProcessEnv => ({
    PATH: process.env['PATH'],
    HOME: root,
    XDG_CONFIG_HOME: path.join(root, 'config'),
    OPENAI_API_KEY: EMULATOR_TEST_KEY,
    IMAGE_STUDIO_BENCH_RSS_FILE: rssFile,
  });
  const peak = (rssFile: string): number => Number(readFileSync(rssFile, 'utf8'));
  return {
    engine: async () => {
      const rssFile = path.join(root, `engine-${n++}.rss`);
      const workspace = path.join(root, 'workspace');
      mkdirSync(workspace, { recursive: true });
      const args = ['--require', PEAK_RSS, CLI, 'generate', 'a lighthouse at dusk', '--size', c.size];
      args.push('--quality', 'low', '--no-cache', '-y', '--images-per-minute', '1000', '--base-url', baseUrl);
      args.push('--workspace', workspace, ...(c.stream ? ['--stream'] : []));
      await run(process.execPath, args, { env: env(rssFile), maxBuffer: 1 << 24 });
      return peak(rssFile);
    },
    bare: async () => {
      const rssFile = path.join(root, `bare-${n++}.rss`);
      const out = path.join(root, `bare-${n}.png`);
      const args = ['--require', PEAK_RSS, BARE, baseUrl, c.size, c.stream ? '1' : '0', out];
      await run(process.execPath, args, { env: env(rssFile), maxBuffer: 1 << 24 });
      statSync(out);
      return peak(rssFile);
    },
  };
}

export async function engineVsSdkBench(root: string): Promise<BenchResult[]> {
  const emulator = await startEmulator({ latencyScale: LATENCY_SCALE, imagesPerMinute: 100_000, photoGrain: true });
  const results: BenchResult[] = [];
  const peaks = new Map<string, { engine: number; bare: number }>();
  try {
    for (const c of CASES) {
      const sides = sidesFor(root, emulator.baseUrl, c);
      // One of each first: the emulator renders and caches the image, and the file system warms up.
      await sides.bare();
      await sides.engine();
      const engine: number[] = [];
      const bare: number[] = [];
      let enginePeak = 0;
      let barePeak = 0;
      for (let i = 0; i < c.runs; i++) {
        engine.push(await timed(async () => (enginePeak = Math.max(enginePeak, await sides.engine()))));
        bare.push(await timed(async () => (barePeak = Math.max(barePeak, await sides.bare()))));
      }
      peaks.set(`${c.size}${c.stream ? ' streamed' : ''}`, { engine: enginePeak, bare: barePeak });
      results.push({
        name: `engine vs. bare SDK call, ${c.size}${c.stream ? ', streamed' : ''} (whole process)`,
        ratio: median(engine) / median(bare),
        target: { op: '<=', value: 1.05 },
        detail: `median ${median(engine).toFixed(0)} ms vs. ${median(bare).toFixed(0)} ms over ${c.runs} runs each`,
      });
    }
    results.push(...memoryResults(root, peaks));
  } finally {
    await emulator.close();
  }
  return results;
}

/**
 * Peak memory for the 4K image beyond what the same process needs for a 1024x1024 one, per byte the 4K image has
 * beyond the small one once decoded: what receiving and saving costs per image byte, without the runtime's own.
 */
function memoryResults(root: string, peaks: ReadonlyMap<string, { engine: number; bare: number }>): BenchResult[] {
  const small = peaks.get('1024x1024');
  const large = peaks.get('3840x2160');
  const workspaceImages = path.join(root, 'workspace', 'ignore');
  if (!small || !large) return [];
  const decoded = decodedSizes(workspaceImages);
  const perByte = (side: 'engine' | 'bare'): number => (large[side] - small[side]) / (decoded.large - decoded.small);
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
  return [
    {
      name: 'peak memory receiving and saving a 3840x2160 image / its decoded size',
      ratio: perByte('engine'),
      target: { op: '<=', value: 3 },
      detail:
        `peak ${mb(large.engine)} at 4K vs. ${mb(small.engine)} at 1024 for ${mb(decoded.large)} decoded ` +
        `(the bare SDK call: ${perByte('bare').toFixed(1)}x)`,
    },
  ];
}

/** The smallest and largest image the engine saved (1024x1024 and 3840x2160): decoded bytes, as on disk. */
function decodedSizes(folder: string): { small: number; large: number } {
  const sizes = readdirSync(folder)
    .filter((name) => name.endsWith('.png'))
    .map((name) => statSync(path.join(folder, name)).size)
    .sort((a, b) => a - b);
  return { small: sizes[0] ?? 0, large: sizes.at(-1) ?? 0 };
}
