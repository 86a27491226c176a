import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer } from './installCodeServer';
import { startCodeServer } from './codeServer';
import { openWorkbench } from './workbench';
import { repoRoot, testOutput } from './paths';

/**
 * Runs one `extensionTestsPath` in a real VS Code: @vscode/test-electron where VS Code can be downloaded, the offline
 * code-server host otherwise. The integration suite and the bench's host measurements both launch through here.
 */

const timeLimitMs = Number(process.env.IMAGE_STUDIO_TEST_TIME_LIMIT_MS ?? 10 * 60_000);

/** One launch of the host with one suite: the main suite trusts the workspace, the other runs in Restricted Mode. */
export interface Session {
  readonly name: string;
  readonly testsPath: string;
  readonly trusted: boolean;
}

/** Settings that keep an untrusted folder untrusted without a modal prompt in the way. */
const restrictedSettings = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

function sessionEnv(session: Session, userDataDir: string): Record<string, string> {
  // The user data folder is where settings, global storage and logs land: the suite greps it for keys. The CLI's
  // config home (whose usage ledger the extension reads, and the MCP servers the tests start write) lives there too,
  // so a real ~/.config/image-studio never counts.
  return {
    IMAGE_STUDIO_RESULTS_FILE: sessionResultsFile(session),
    IMAGE_STUDIO_USER_DATA_DIR: userDataDir,
    XDG_CONFIG_HOME: path.join(userDataDir, 'cli-config'),
  };
}

export function sessionResultsFile(session: Session): string {
  return path.join(testOutput, 'results', 'integration-sessions', `${session.name}.json`);
}

/** VS Code can be downloaded only with internet; probe once, briefly. */
export async function canDownloadVsCode(): Promise<boolean> {
  try {
    const response = await fetch('https://update.code.visualstudio.com/api/releases/stable', {
      signal: AbortSignal.timeout(3000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

export async function runInElectron(session: Session, workspace: string): Promise<number> {
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const userDataDir = path.join(testOutput, `electron-user-data-${session.name}`);
  rmSync(userDataDir, { recursive: true, force: true });
  const extensionTestsEnv = sessionEnv(session, userDataDir);
  const launchArgs = [
    workspace,
    '--disable-extensions',
    '--use-inmemory-secretstorage',
    '--user-data-dir',
    userDataDir,
  ];
  if (session.trusted) {
    return runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: session.testsPath,
      launchArgs,
      extensionTestsEnv,
    }).then(
      () => 0,
      () => 1,
    );
  }
  // runTests always adds --disable-workspace-trust, so the Restricted Mode session launches VS Code itself.
  const executable = await downloadAndUnzipVSCode();
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(restrictedSettings));
  const { spawn } = await import('node:child_process');
  const child = spawn(
    executable,
    [
      ...launchArgs,
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-updates',
      '--skip-welcome',
      '--skip-release-notes',
      `--extensionDevelopmentPath=${repoRoot}`,
      `--extensionTestsPath=${session.testsPath}`,
    ],
    { env: { ...process.env, ...extensionTestsEnv }, stdio: 'inherit' },
  );
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

export async function runInCodeServer(session: Session, workspace: string): Promise<number> {
  ensureCodeServer();
  const stateDir = path.join(testOutput, `integration-host-${session.name}`);
  rmSync(stateDir, { recursive: true, force: true });
  const server = await startCodeServer({
    stateDir,
    workspaceTrust: !session.trusted,
    ...(session.trusted ? {} : { userSettings: restrictedSettings }),
    env: sessionEnv(session, path.join(stateDir, 'user-data')),
    log: (l) => (process.env.IMAGE_STUDIO_HOST_LOG ? console.log(l) : undefined),
  });
  let settle: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => {
    settle = resolve;
  });
  const timer = setTimeout(() => {
    console.error(`[host] the ${session.name} suite did not finish within ${timeLimitMs / 1000} s: stopping it`);
    settle(1);
  }, timeLimitMs);
  let workbench: Awaited<ReturnType<typeof openWorkbench>> | undefined;
  try {
    workbench = await openWorkbench({
      serverUrl: server.url,
      port: server.port,
      workspaceFolder: workspace,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: session.testsPath,
      onExit: (code) => settle(code),
      onLog: (line) => console.log(line),
    });
    return await exitCode;
  } catch (err) {
    console.error('[host] could not run the suite:', err);
    return 1;
  } finally {
    clearTimeout(timer);
    await workbench?.close().catch(() => undefined);
    await server.stop();
  }
}

/** Which host runs the sessions: IMAGE_STUDIO_TEST_HOST, or electron when VS Code can be downloaded. */
export async function chooseHost(): Promise<'electron' | 'code-server'> {
  const choice = process.env.IMAGE_STUDIO_TEST_HOST;
  if (choice === 'electron' || choice === 'code-server') return choice;
  return (await canDownloadVsCode()) ? 'electron' : 'code-server';
}

/** Runs the session's suite in the chosen host; resolves its exit code. */
export function runHostSession(host: 'electron' | 'code-server', session: Session, workspace: string): Promise<number> {
  return host === 'electron' ? runInElectron(session, workspace) : runInCodeServer(session, workspace);
}
