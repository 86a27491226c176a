import * as path from 'node:path';
import { ensureCodeServer } from './host/installCodeServer';
import { startCodeServer } from './host/codeServer';
import { freshWorkspace } from './host/workspaceCopy';
import { repoRoot, testOutput } from './host/paths';
import { startEmulator, EMULATOR_TEST_KEY } from './emulator';

/**
 * `npm run demo`: a real VS Code (code-server) with Image Studio loaded from this folder and a sample
 * workspace, served on loopback until Ctrl+C. It talks to the project's emulator of the OpenAI Images API
 * (realistic latency), so it works with no OpenAI key and costs nothing.
 */
async function main(): Promise<void> {
  ensureCodeServer();
  const root = path.join(testOutput, 'demo');
  const workspace = freshWorkspace(path.join(root, 'workspace'));
  const emulator = await startEmulator({
    latencyScale: Number(process.env.IMAGE_STUDIO_DEMO_LATENCY ?? 0.15),
    imagesPerMinute: 20,
  });
  // baseUrl is an application setting, so it lives in the demo's user settings, as a person would set it.
  const server = await startCodeServer({
    stateDir: path.join(root, 'host'),
    userSettings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'imageStudio.baseUrl': emulator.baseUrl,
      'imageStudio.imagesPerMinute': 20,
    },
  });
  const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]]);
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  console.log('\nImage Studio demo is running. Open this URL in a browser:\n');
  console.log(`  ${url}\n`);
  console.log(
    `The extension talks to the emulator at ${emulator.baseUrl}. ` +
      `When it asks for an API key, paste:\n\n  ${EMULATOR_TEST_KEY}\n`,
  );
  console.log('Press Ctrl+C to stop.');
  const stop = async (): Promise<void> => {
    await server.stop();
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
