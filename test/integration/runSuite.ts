import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import { Mocha } from '../support/mocha';
import CountingReporter = require('../support/countingReporter');

/** Runs every `*.test.js` in one folder with the counting reporter; each session's `index` calls this. */
export function runSuite(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: CountingReporter });
  // Narrows a run while working on one feature: IMAGE_STUDIO_TEST_GREP="Generate Image" npm run test:integration
  const grep = process.env.IMAGE_STUDIO_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
