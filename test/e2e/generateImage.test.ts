import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';
import { waitFor } from '../support/waitFor';
import {
  generateFromPalette,
  openFileAtEnd,
  openPromptPicker,
  setApiKeyFromPalette,
  startWorkbenchSession,
  saveScreenshot,
  type WorkbenchSession,
} from './workbenchSession';

describe('generate an image from the palette (e2e)', () => {
  let emulator: RunningEmulator;
  let session: WorkbenchSession;

  before(async () => {
    emulator = await startEmulator({ latencyScale: 0.01 });
    session = await startWorkbenchSession({
      name: 'generate',
      userSettings: { 'imageStudio.baseUrl': emulator.baseUrl, 'imageStudio.quality': 'low' },
    });
  });
  after(async () => {
    await session?.close();
    await emulator?.close();
  });

  it('sets the key, generates, saves into ignore/ and inserts the link at the cursor', async () => {
    const { page, workspace } = session;
    await openFileAtEnd(page, 'README.md');
    await setApiKeyFromPalette(page, EMULATOR_TEST_KEY);
    await generateFromPalette(page, 'a tiny robot painting a sunset');

    await page
      .locator('.monaco-editor .view-lines')
      .getByText('a tiny robot painting a sunset', { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    const saved = readdirSync(path.join(workspace, 'ignore')).filter((f) => f.endsWith('.png'));
    assert.equal(saved.length, 1, `one image saved: ${saved.join(', ')}`);
    assert.match(saved[0]!, /a-tiny-robot-painting-a-sunset/);
    assert.ok(emulator.requests.some((r) => r.authorized && r.path.endsWith('/images/generations')));
    // Today's spend in the status bar, no longer $0.00 once the request was paid for.
    await page
      .locator('.statusbar-item')
      .filter({ hasText: /(\$0\.\d*[1-9]\d*|\$[1-9][\d.,]*|<\$0\.001) today/ })
      .first()
      .waitFor({ timeout: 10_000 });
    await saveScreenshot(page, 'generated-link');

    // The prompt is remembered: Generate Image lists it for the next time.
    await openPromptPicker(page);
    await page
      .locator('.quick-input-list .monaco-list-row[aria-label*="a tiny robot painting a sunset"]')
      .first()
      .waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
  });

  it('stops at once when the person presses Cancel on the progress notification, saving nothing', async () => {
    const { page, workspace } = session;
    await setApiKeyFromPalette(page, EMULATOR_TEST_KEY);
    const before = imagesIn(workspace);
    emulator.script.hang({ path: '/images/generations' });
    const requestsBefore = emulator.requests.length;
    await generateFromPalette(page, 'a robot that never finishes painting');
    // The progress notification is the toast with a Cancel button (a "key saved" toast may sit beside it).
    const notification = page
      .locator('.notification-toast')
      .filter({ hasText: 'Image Studio', has: page.getByRole('button', { name: 'Cancel' }) });
    await notification.first().waitFor({ timeout: 30_000 });
    await waitFor(
      'the request to reach the API',
      emulator.onRequestLog,
      () => emulator.requests.length > requestsBefore,
      10_000,
    );
    await notification.first().hover();
    await notification.first().getByRole('button', { name: 'Cancel' }).click();
    await notification.first().waitFor({ state: 'hidden', timeout: 10_000 });
    const hung = emulator.requests[emulator.requests.length - 1]!;
    // Cancel aborted the HTTP request: the client closed the connection before any answer.
    await waitFor(
      'the client to close the hung request',
      emulator.onRequestLog,
      () => hung.closedByClient && hung.status === null,
      10_000,
    );
    assert.deepEqual(imagesIn(workspace), before, 'no image was saved');
  });
});

function imagesIn(workspace: string): string[] {
  return existsSync(path.join(workspace, 'ignore'))
    ? readdirSync(path.join(workspace, 'ignore')).filter((f) => f.endsWith('.png'))
    : [];
}
