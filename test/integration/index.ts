import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import { Mocha } from '../support/mocha';
import CountingReporter = require('../support/countingReporter');

/**
 * The single entry both hosts load as `extensionTestsPath`: @vscode/test-electron where VS Code can
 * be downloaded, and the offline code-server host otherwise. It runs every `*.test.js` beside it.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: CountingReporter });
  // Narrows a run while working on one feature: IMAGE_STUDIO_TEST_GREP="Generate Image" npm run test:integration
  const grep = process.env.IMAGE_STUDIO_TEST_GREP;
  if (grep) mocha.grep(grep);
  const dir = __dirname;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
