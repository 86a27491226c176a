import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer } from './host/installCodeServer';
import { startCodeServer } from './host/codeServer';
import { openWorkbench } from './host/workbench';
import { freshWorkspace } from './host/workspaceCopy';
import { repoRoot, testOutput } from './host/paths';

const resultsFile = path.join(testOutput, 'results', 'integration.json');
const timeLimitMs = Number(process.env.IMAGE_STUDIO_TEST_TIME_LIMIT_MS ?? 10 * 60_000);

/** One launch of the host with one suite: the main suite trusts the workspace, the other runs in Restricted Mode. */
interface Session {
  readonly name: string;
  readonly testsPath: string;
  readonly trusted: boolean;
}

const sessions: readonly Session[] = [
  { name: 'trusted', testsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'), trusted: true },
  {
    name: 'restricted',
    testsPath: path.join(repoRoot, 'out', 'test', 'integration', 'restricted', 'index'),
    trusted: false,
  },
];

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

function sessionResultsFile(session: Session): string {
  return path.join(testOutput, 'results', 'integration-sessions', `${session.name}.json`);
}

/** VS Code can be downloaded only with internet; probe once, briefly. */
async function canDownloadVsCode(): Promise<boolean> {
  try {
    const response = await fetch('https://update.code.visualstudio.com/api/releases/stable', {
      signal: AbortSignal.timeout(3000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

async function runInElectron(session: Session, workspace: string): Promise<number> {
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

async function runInCodeServer(session: Session, workspace: string): Promise<number> {
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

interface SessionResult {
  passed: number;
  failed: number;
  pending: number;
  failures: string[];
  retried: string[];
}

async function main(): Promise<void> {
  rmSync(resultsFile, { force: true });
  rmSync(path.join(testOutput, 'results', 'integration-sessions'), { recursive: true, force: true });
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const choice = process.env.IMAGE_STUDIO_TEST_HOST ?? ((await canDownloadVsCode()) ? 'electron' : 'code-server');
  const hostName = choice === 'electron' ? 'VS Code (@vscode/test-electron)' : 'code-server (offline VS Code host)';
  console.log(`[host] running the integration suite in ${hostName}`);
  const total: SessionResult = { passed: 0, failed: 0, pending: 0, failures: [], retried: [] };
  let exitCode = 0;
  for (const session of sessions) {
    console.log(`[host] session: ${session.name} (${session.trusted ? 'trusted workspace' : 'Restricted Mode'})`);
    const workspace = freshWorkspace(path.join(testOutput, `integration-workspace-${session.name}`));
    const code =
      choice === 'electron' ? await runInElectron(session, workspace) : await runInCodeServer(session, workspace);
    const file = sessionResultsFile(session);
    if (!existsSync(file)) {
      console.error(`[host] the ${session.name} suite wrote no results: it did not run to the end`);
      exitCode = 1;
      continue;
    }
    const result = JSON.parse(readFileSync(file, 'utf8')) as SessionResult;
    total.passed += result.passed;
    total.failed += result.failed;
    total.pending += result.pending;
    total.failures.push(...result.failures);
    total.retried.push(...(result.retried ?? []));
    if (code !== 0 || result.failed > 0) exitCode = 1;
  }
  writeFileSync(resultsFile, JSON.stringify({ layer: 'integration', ...total }, null, 2));
  process.exit(exitCode);
}

void main();
