import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer } from './host/installCodeServer';
import { startCodeServer } from './host/codeServer';
import { openWorkbench } from './host/workbench';
import { freshWorkspace } from './host/workspaceCopy';
import { repoRoot, testOutput } from './host/paths';

const testsPath = path.join(repoRoot, 'out', 'test', 'integration', 'index');
const resultsFile = path.join(testOutput, 'results', 'integration.json');
const timeLimitMs = Number(process.env.IMAGE_STUDIO_TEST_TIME_LIMIT_MS ?? 10 * 60_000);

/** VS Code can be downloaded only with internet; probe once, briefly. */
async function canDownloadVsCode(): Promise<boolean> {
  try {
    const response = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function runInElectron(workspace: string): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  return runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsPath,
    launchArgs: [workspace, '--disable-extensions', '--use-inmemory-secretstorage', '--user-data-dir', path.join(testOutput, 'electron-user-data')],
    extensionTestsEnv: { IMAGE_STUDIO_RESULTS_FILE: resultsFile },
  }).then(() => 0, () => 1);
}

async function runInCodeServer(workspace: string): Promise<number> {
  ensureCodeServer();
  const stateDir = path.join(testOutput, 'integration-host');
  rmSync(stateDir, { recursive: true, force: true });
  const server = await startCodeServer({ stateDir, env: { IMAGE_STUDIO_RESULTS_FILE: resultsFile }, log: (l) => process.env.IMAGE_STUDIO_HOST_LOG ? console.log(l) : undefined });
  let settle: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => { settle = resolve; });
  const timer = setTimeout(() => {
    console.error(`[host] the suite did not finish within ${timeLimitMs / 1000} s: stopping it`);
    settle(1);
  }, timeLimitMs);
  let workbench: Awaited<ReturnType<typeof openWorkbench>> | undefined;
  try {
    workbench = await openWorkbench({
      serverUrl: server.url, port: server.port, workspaceFolder: workspace,
      extensionDevelopmentPath: repoRoot, extensionTestsPath: testsPath,
      onExit: (code) => settle(code), onLog: (line) => console.log(line),
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

async function main(): Promise<void> {
  rmSync(resultsFile, { force: true });
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const workspace = freshWorkspace(path.join(testOutput, 'integration-workspace'));
  const choice = process.env.IMAGE_STUDIO_TEST_HOST ?? ((await canDownloadVsCode()) ? 'electron' : 'code-server');
  console.log(`[host] running the integration suite in ${choice === 'electron' ? 'VS Code (@vscode/test-electron)' : 'code-server (offline VS Code host)'}`);
  const code = choice === 'electron' ? await runInElectron(workspace) : await runInCodeServer(workspace);
  if (!existsSync(resultsFile)) {
    console.error('[host] the suite wrote no results: it did not run to the end');
    process.exit(1);
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { failed: number };
  process.exit(code !== 0 || results.failed > 0 ? 1 : 0);
}

void main();
