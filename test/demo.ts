import * as path from 'node:path';
import { ensureCodeServer } from './host/installCodeServer';
import { startCodeServer } from './host/codeServer';
import { freshWorkspace } from './host/workspaceCopy';
import { repoRoot, testOutput } from './host/paths';

/**
 * `npm run demo`: a real VS Code (code-server) with Image Studio loaded from this folder and a sample
 * workspace, served on loopback until Ctrl+C.
 */
async function main(): Promise<void> {
  ensureCodeServer();
  const root = path.join(testOutput, 'demo');
  const workspace = freshWorkspace(path.join(root, 'workspace'));
  const server = await startCodeServer({ stateDir: path.join(root, 'host'), userSettings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]]);
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  console.log('\nImage Studio demo is running. Open this URL in a browser:\n');
  console.log(`  ${url}\n`);
  console.log('Press Ctrl+C to stop.');
  const stop = async (): Promise<void> => { await server.stop(); process.exit(0); };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
