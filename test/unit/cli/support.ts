/**
 * Runs the compiled CLI as a real child process against a running emulator, in a throwaway workspace and config home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EMULATOR_TEST_KEY, type EmulatorOptions, type RunningEmulator } from '../../emulator';
import { repoRoot } from '../../host/paths';
import { start } from '../emulator/support';

/** The compiled entry point; `npm run compile-tests` builds it alongside the tests. */
export const CLI_MAIN = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Sandbox {
  /** The working directory and default workspace. */
  readonly cwd: string;
  /** XDG_CONFIG_HOME: the ledger lands in `<config>/image-studio/usage`. */
  readonly config: string;
  remove(): void;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(path.join(tmpdir(), 'image-studio-cli-'));
  const cwd = path.join(root, 'work');
  const config = path.join(root, 'config');
  mkdirSync(cwd);
  return { cwd, config, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A clean environment: nothing inherited that could carry a key or an endpoint (OPENAI_*). */
export function cliEnv(box: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', HOME: path.dirname(box.config), XDG_CONFIG_HOME: box.config, ...extra };
}

/** Starts the CLI; `started.child` lets a test signal it. */
export function startCli(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<CliRun> {
  return startCli(args, options).done;
}

/** Resolves once `check` holds, polling every 20 ms; rejects after `ms`. */
export async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every line of the CLI's usage ledger in the sandbox (all months), parsed; none when nothing was recorded yet. */
export function readCliLedger<T>(box: Sandbox): T[] {
  const folder = path.join(box.config, 'image-studio', 'usage');
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((file) =>
    readFileSync(path.join(folder, file), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as T),
  );
}

export interface CliSuite {
  /** The emulator shared by the suite; its request log is emptied before each test. */
  readonly emu: () => RunningEmulator;
  /** A fresh workspace and config home per test. */
  readonly box: () => Sandbox;
  /** The CLI with the emulator's key and endpoint (IMAGE_STUDIO_BASE_URL), run in the sandbox. */
  readonly cli: (...args: string[]) => Promise<CliRun>;
  /** The environment `cli` uses, with `extra` on top. */
  readonly env: (extra?: Record<string, string>) => Record<string, string>;
}

/** Registers the mocha hooks of a CLI suite: one emulator, one sandbox per test. */
export function cliSuite(options: EmulatorOptions = {}): CliSuite {
  let emu: RunningEmulator | undefined;
  let box: Sandbox | undefined;
  before(async () => {
    emu = await start(options);
  });
  after(() => emu?.close());
  beforeEach(() => {
    box = sandbox();
    if (emu) emu.requests.length = 0;
  });
  afterEach(() => box?.remove());
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('cliSuite used outside a test');
    return value;
  };
  const env = (extra: Record<string, string> = {}) =>
    cliEnv(need(box), { OPENAI_API_KEY: EMULATOR_TEST_KEY, IMAGE_STUDIO_BASE_URL: need(emu).baseUrl, ...extra });
  return {
    emu: () => need(emu),
    box: () => need(box),
    env,
    cli: (...args) => runCli(args, { cwd: need(box).cwd, env: env() }),
  };
}
