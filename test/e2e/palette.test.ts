import { strict as assert } from 'node:assert';
import {
  startWorkbenchSession,
  openPalette,
  openPromptPicker,
  saveScreenshot,
  type WorkbenchSession,
} from './workbenchSession';

describe('command palette (e2e)', () => {
  let session: WorkbenchSession;

  before(async () => {
    session = await startWorkbenchSession({ name: 'palette' });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session)
      await saveScreenshot(session.page, `palette-failure-${Date.now()}`);
  });
  after(async () => session?.close());

  it('lists the Image Studio commands and runs Generate Image to its prompt', async () => {
    const { page } = session;
    await openPalette(page, 'Image Studio:', 'Image Studio: Generate Image');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.and(page.locator('[aria-label*="Image Studio: Generate Image"]')).first().waitFor({ timeout: 30_000 });
    const labels = await rows.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
    assert.ok(
      labels.some((l) => l.includes('Image Studio: Generate Image')),
      `palette shows Generate Image, saw: ${labels.join(' | ')}`,
    );
    await saveScreenshot(page, 'palette');
    await page.keyboard.press('Escape');

    await openPromptPicker(page);
    await page.keyboard.press('Escape');
  });
});
