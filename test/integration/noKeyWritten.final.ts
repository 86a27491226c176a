import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EMULATOR_TEST_KEY } from '../emulator';
import { filesUnder, userDataDir as hostUserDataDir } from './support/hostFiles';
import { everyShownMessage } from './support/messageLog';

/** An unmasked OpenAI-style key; the log's mask (`sk-***`) does not match. */
const KEY_PATTERN = /(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{8,}/;
const MAX_SCANNED_BYTES = 50 * 1024 * 1024;

function leaksIn(files: string[]): string[] {
  return files.filter((file) => {
    if (statSync(file).size > MAX_SCANNED_BYTES) return false;
    const text = readFileSync(file).toString('latin1');
    return KEY_PATTERN.test(text) || text.includes(EMULATOR_TEST_KEY);
  });
}

/**
 * K1 and K5 over the whole session: every setting, state database, log file and notification written
 * while the suite ran, plus the workspace, holds no key. Runs last, after every other test file.
 */
describe('no key was written anywhere during the suite', () => {
  const userDataDir = hostUserDataDir();

  it('not in the user data folder: settings, global state and storage, logs', function () {
    if (!userDataDir) this.skip(); // Only when the host was started by test/runIntegration.ts, which says where.
    const files = filesUnder(userDataDir);
    const logs = files.filter((f) => /Image Studio\.log$/.test(f));
    assert.ok(
      logs.length > 0 && logs.some((f) => statSync(f).size > 0),
      `the Image Studio log was found and is not empty (looked in ${userDataDir})`,
    );
    assert.ok(
      files.some((f) => f.endsWith(path.join('User', 'settings.json'))),
      'user settings were scanned',
    );
    assert.deepEqual(leaksIn(files), []);
  });

  it('not in the workspace, apart from a .env the person put there', () => {
    const files = vscode.workspace
      .workspaceFolders!.flatMap((folder) => filesUnder(folder.uri.fsPath))
      .filter((f) => path.basename(f) !== '.env');
    assert.ok(files.length > 0);
    assert.deepEqual(leaksIn(files), []);
  });

  it('not in any notification or button', () => {
    assert.deepEqual(
      everyShownMessage.filter((m) => KEY_PATTERN.test(m) || m.includes(EMULATOR_TEST_KEY)),
      [],
    );
  });
});
