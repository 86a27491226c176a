import { runSuite } from './runSuite';

/**
 * The entry both hosts load as `extensionTestsPath`: @vscode/test-electron where VS Code can be
 * downloaded, and the offline code-server host otherwise. It runs every `*.test.js` beside it, in a
 * trusted workspace; `restricted/` holds the session that runs in Restricted Mode.
 */
export function run(): Promise<void> {
  return runSuite(__dirname);
}
