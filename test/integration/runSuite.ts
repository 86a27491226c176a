import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import { Mocha } from '../support/mocha';
import CountingReporter = require('../support/countingReporter');
import { recordEveryMessage } from './support/messageLog';

/**
 * Runs every `*.test.js` in one folder with the counting reporter, then the `*.final.js` checks that look
 * back over the whole session; each session's `index` calls this.
 */
export function runSuite(dir: string): Promise<void> {
  recordEveryMessage();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: CountingReporter });
  // Narrows a run while working on one feature: IMAGE_STUDIO_TEST_GREP="Generate Image" npm run test:integration
  const grep = process.env.IMAGE_STUDIO_TEST_GREP;
  if (grep) mocha.grep(grep);
  const inFolder = (folder: string, suffix: string) =>
    readdirSync(folder)
      .filter((f) => f.endsWith(suffix))
      .sort()
      .map((f) => path.join(folder, f));
  // The session's own tests, then the checks over the whole session, which every session runs.
  const finalChecks = new Set([...inFolder(dir, '.final.js'), ...inFolder(__dirname, '.final.js')]);
  for (const file of [...inFolder(dir, '.test.js'), ...finalChecks]) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
