import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';
import {
  startWorkbenchSession,
  runFromPalette,
  saveScreenshot,
  setApiKeyFromPalette,
  type WorkbenchSession,
} from './workbenchSession';

describe('generate an image from a selected comment (e2e)', () => {
  let emulator: RunningEmulator;
  let session: WorkbenchSession;

  before(async () => {
    emulator = await startEmulator({ latencyScale: 0.01 });
    session = await startWorkbenchSession({
      name: 'selection',
      userSettings: { 'imageStudio.baseUrl': emulator.baseUrl, 'imageStudio.quality': 'low' },
    });
  });
  after(async () => {
    await session?.close();
    await emulator?.close();
  });

  it('links the image under a selected image: comment in src/app.ts, with Regenerate and Open lenses', async () => {
    const { page, workspace } = session;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('app.ts');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    const lines = page.locator('.monaco-editor .view-lines').first();
    await lines.waitFor();
    // The CodeLens above the comment shows once the extension has looked at the file.
    await page
      .locator('.monaco-editor .codelens-decoration')
      .getByText('Generate Image')
      .first()
      .waitFor({ timeout: 30_000 });
    await lines.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');

    await setApiKeyFromPalette(page, EMULATOR_TEST_KEY);

    await runFromPalette(page, 'Image Studio: Generate Image from Selection');
    await lines.getByText('](../ignore/', { exact: false }).first().waitFor({ timeout: 60_000 });
    await page
      .locator('.monaco-editor .codelens-decoration')
      .getByText('Regenerate Image')
      .first()
      .waitFor({ timeout: 30_000 });

    const saved = readdirSync(path.join(workspace, 'ignore')).filter((f) => f.endsWith('.png'));
    assert.equal(saved.length, 1, `one image saved: ${saved.join(', ')}`);
    assert.match(saved[0]!, /a-friendly-robot-watering/);
    const generation = emulator.requests.find((r) => r.authorized && r.path.endsWith('/images/generations'));
    assert.equal(
      generation?.fields.prompt,
      'a friendly robot watering a small plant, flat vector illustration',
      'the comment marker and image: prefix are not part of the prompt',
    );
    const secondLine = await page
      .locator('.monaco-editor .view-line')
      .evaluateAll((nodes) =>
        nodes.map((n) => (n.textContent ?? '').replace(/\u00a0/g, ' ')).find((t) => t.includes('](../ignore/')),
      );
    assert.match(
      secondLine ?? '',
      new RegExp(
        '^// !\\[a friendly robot watering a small plant, flat vector illustration\\]' +
          `\\(\\.\\./ignore/${saved[0]!.replace(/\./g, '\\.')}\\)$`,
      ),
    );
    await saveScreenshot(page, 'generate-from-selection');
  });
});
