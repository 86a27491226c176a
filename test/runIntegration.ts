import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chooseHost, runHostSession, sessionResultsFile, type Session } from './host/hostSession';
import { freshWorkspace } from './host/workspaceCopy';
import { repoRoot, testOutput } from './host/paths';

const resultsFile = path.join(testOutput, 'results', 'integration.json');

const sessions: readonly Session[] = [
  { name: 'trusted', testsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'), trusted: true },
  {
    name: 'restricted',
    testsPath: path.join(repoRoot, 'out', 'test', 'integration', 'restricted', 'index'),
    trusted: false,
  },
];

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
  const choice = await chooseHost();
  const hostName = choice === 'electron' ? 'VS Code (@vscode/test-electron)' : 'code-server (offline VS Code host)';
  console.log(`[host] running the integration suite in ${hostName}`);
  const total: SessionResult = { passed: 0, failed: 0, pending: 0, failures: [], retried: [] };
  let exitCode = 0;
  for (const session of sessions) {
    console.log(`[host] session: ${session.name} (${session.trusted ? 'trusted workspace' : 'Restricted Mode'})`);
    const workspace = freshWorkspace(path.join(testOutput, `integration-workspace-${session.name}`));
    const code = await runHostSession(choice, session, workspace);
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
