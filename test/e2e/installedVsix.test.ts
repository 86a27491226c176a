import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';
import { packageVsix } from '../support/packageVsix';
import { openPanelFrame } from './panelFrame';
import {
  generateFromPalette,
  openFileAtEnd,
  openPalette,
  setApiKeyFromPalette,
  startWorkbenchSession,
  type WorkbenchSession,
} from './workbenchSession';

/** As a user meets it: the packaged .vsix installed into a fresh VS Code, no sources, no node_modules. */
describe('the packaged .vsix, installed (e2e)', () => {
  let emulator: RunningEmulator;
  let session: WorkbenchSession;

  before(async function () {
    this.timeout(240_000);
    emulator = await startEmulator({ latencyScale: 0 });
    const vsix = packageVsix('image-studio-installed');
    session = await startWorkbenchSession({
      name: 'installed-vsix',
      vsix,
      userSettings: { 'imageStudio.baseUrl': emulator.baseUrl, 'imageStudio.quality': 'low' },
    });
  });
  after(async () => {
    await session?.close();
    await emulator?.close();
  });

  it('lists its commands in the palette and generates an image with a link', async () => {
    const { page, workspace } = session;
    await openPalette(page, 'Image Studio:', 'Image Studio: Generate Image');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.and(page.locator('[aria-label*="Image Studio: Generate Image"]')).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');

    await openFileAtEnd(page, 'notes.md');
    await setApiKeyFromPalette(page, EMULATOR_TEST_KEY);
    await generateFromPalette(page, 'an installed extension at work');
    await page
      .locator('.monaco-editor .view-lines')
      .getByText('an installed extension at work', { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    const saved = readdirSync(path.join(workspace, 'ignore')).filter((f) => f.endsWith('.png'));
    assert.equal(saved.length, 1);
    assert.ok(emulator.requests.some((r) => r.authorized && r.path.endsWith('/images/generations')));
  });

  it('opens the panel from the packaged assets: elements, styles and the image just made', async () => {
    const { page } = session;
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    const panel = await openPanelFrame(page);
    await panel.locator('.key-status').filter({ hasText: 'API key set' }).waitFor({ timeout: 15_000 });
    // The toolkit's custom elements are defined (the bundle loaded) and the history shows the saved image.
    assert.equal(await panel.evaluate<boolean>('customElements.get("vscode-button") !== undefined'), true);
    await panel.locator('img[alt="an installed extension at work"]').first().waitFor({ timeout: 15_000 });
    assert.deepEqual(cspViolations, []);
  });
});
