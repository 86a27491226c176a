import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';
import { startWorkbenchSession, runFromPalette, saveScreenshot, setApiKeyFromPalette, type WorkbenchSession } from './workbenchSession';

describe('generate an image from the palette (e2e)', () => {
  let emulator: RunningEmulator;
  let session: WorkbenchSession;

  before(async () => {
    emulator = await startEmulator({ latencyScale: 0.01 });
    session = await startWorkbenchSession({ name: 'generate', userSettings: { 'imageStudio.baseUrl': emulator.baseUrl, 'imageStudio.quality': 'low' } });
  });
  after(async () => {
    await session?.close();
    await emulator?.close();
  });

  it('sets the key, generates, saves into ignore/ and inserts the link at the cursor', async () => {
    const { page, workspace } = session;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('README.md');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');

    await setApiKeyFromPalette(page, EMULATOR_TEST_KEY);

    await runFromPalette(page, 'Image Studio: Generate Image');
    await page.locator('.quick-input-widget').getByText('Describe the image').waitFor();
    await page.keyboard.type('a tiny robot painting a sunset');
    await page.keyboard.press('Enter');

    await page.locator('.monaco-editor .view-lines').getByText('a tiny robot painting a sunset', { exact: false }).first().waitFor({ timeout: 60_000 });
    const saved = readdirSync(path.join(workspace, 'ignore')).filter((f) => f.endsWith('.png'));
    assert.equal(saved.length, 1, `one image saved: ${saved.join(', ')}`);
    assert.match(saved[0]!, /a-tiny-robot-painting-a-sunset/);
    assert.ok(emulator.requests.some((r) => r.authorized && r.path.endsWith('/images/generations')));
    await saveScreenshot(page, 'generated-link');
  });
});
