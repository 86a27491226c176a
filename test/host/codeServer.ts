import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { codeServerEntry } from './paths';

export interface CodeServerOptions {
  /** Folder for this run's user data and extensions; created if missing. */
  readonly stateDir: string;
  /** User settings written to `User/settings.json` before start (application-scoped settings live there). */
  readonly userSettings?: Record<string, unknown>;
  /** Keep workspace trust on, for the tests of restricted mode. */
  readonly workspaceTrust?: boolean;
  /** Extra environment for the server and so the extension host (e.g. where to write results). */
  readonly env?: Record<string, string>;
  readonly log?: (line: string) => void;
}

export interface RunningCodeServer {
  readonly port: number;
  readonly url: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Start-up polling, kept on purpose: the server gives no event for "listening", so this asks its health URL
 * until it answers (a real condition, not a pause), bounded by `timeoutMs` and by the process exiting.
 */
async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs} ms`);
}

/** Starts code-server on a free loopback port with an isolated user-data and extensions folder. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const log = options.log ?? (() => undefined);
  const port = await freePort();
  const userDataDir = path.join(options.stateDir, 'user-data');
  const extensionsDir = path.join(options.stateDir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'window.autoDetectColorScheme': false,
    ...options.userSettings,
  };
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (d: Buffer) => log(`[code-server] ${d.toString().trimEnd()}`));
  child.stderr?.on('data', (d: Buffer) => log(`[code-server] ${d.toString().trimEnd()}`));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    // Not a wait: the exit event ends stop(); this only escalates to SIGKILL if SIGTERM is ignored.
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHttp(`${url}/healthz`, child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, url, userDataDir, extensionsDir, stop };
}

/** Installs a packaged extension into the given folders with code-server's own CLI. */
export async function installExtension(vsixPath: string, stateDir: string): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  execFileSync(
    process.execPath,
    [
      codeServerEntry,
      '--user-data-dir',
      path.join(stateDir, 'user-data'),
      '--extensions-dir',
      path.join(stateDir, 'extensions'),
      '--install-extension',
      vsixPath,
    ],
    { stdio: 'inherit' },
  );
}
