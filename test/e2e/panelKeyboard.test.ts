import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { testOutput } from '../host/paths';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';
import { logPanelText, openPanelFrame, panelSettled, setKeyFromPanel } from './panelFrame';
import { startWorkbenchSession, openPalette, saveScreenshot, type WorkbenchSession } from './workbenchSession';

/** What a screen reader would name the focused element of the panel: its aria-label, else its text. */
const focusedName = `(() => {
  const el = document.activeElement;
  if (!el) return '';
  return (el.getAttribute('aria-label') || el.textContent || '').trim();
})()`;

describe('the Image Studio panel by keyboard and screen reader (e2e)', function () {
  this.timeout(180_000);
  let emulator: RunningEmulator;
  let session: WorkbenchSession;
  let panel: Frame;

  before(async () => {
    emulator = await startEmulator({ imagesPerMinute: 100 });
    session = await startWorkbenchSession({
      name: 'panel-keyboard',
      userSettings: {
        'imageStudio.baseUrl': emulator.baseUrl,
        'imageStudio.size': '1024x1024',
        'imageStudio.imagesPerMinute': 100,
      },
    });
    const { page } = session;
    panel = await openPanelFrame(page);
    await setKeyFromPanel(page, panel, EMULATOR_TEST_KEY);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && panel) {
      await logPanelText(panel);
      console.log(
        '[stage]',
        await panel
          .evaluate<string>(
            "JSON.stringify([...document.querySelectorAll('.stage > *')].map((n) => " +
              "[n.tagName, n.className, n.getAttribute('src')?.slice(0, 200), n.complete, n.naturalWidth]))",
          )
          .catch((e: unknown) => String(e)),
      );
      await session.page.screenshot({
        path: path.join(testOutput, 'screenshots', `panel-keyboard-failure-${Date.now()}.png`),
      });
    }
  });
  after(async () => {
    await session?.close();
    await emulator?.close();
  });

  it('generates with Ctrl+Enter and puts focus on the new result, whose image is described by its prompt', async () => {
    await panel.locator('#prompt textarea').fill('a harbour at dawn');
    await panel.locator('#prompt textarea').press('Control+Enter');
    const card = panel.locator('[data-testid="results"] .card').first();
    await card.locator('img').waitFor({ timeout: 60_000 });
    // Polled through a locator: the page's CSP refuses the string evaluation a waitForFunction would poll with.
    await panel.locator('[data-testid="results"] .card:focus').waitFor({ timeout: 10_000 });
    assert.equal(await panel.evaluate<string>(focusedName), 'a harbour at dawn');
    assert.equal(await card.locator('img').getAttribute('alt'), 'a harbour at dawn');
    assert.equal(await panel.locator('[data-testid="results"]').evaluate((n) => n.tagName), 'UL');
  });

  it('reaches every action of an image card by Tab, each with an accessible name', async () => {
    const names: string[] = [];
    for (let i = 0; i < 9; i++) {
      await session.page.keyboard.press('Tab');
      names.push(await panel.evaluate<string>(focusedName));
    }
    assert.deepEqual(names, [
      'Insert Link',
      'Open',
      'Reveal in Explorer',
      'Copy Path',
      'Copy Prompt',
      'Regenerate',
      'Edit',
      'Use as Reference',
      'Delete',
    ]);
    // Every button in the panel has a name, icon-only ones included.
    const unnamed = await panel.evaluate<string[]>(
      "[...document.querySelectorAll('vscode-button')]" +
        ".filter((b) => !(b.getAttribute('aria-label') || b.textContent || '').trim())" +
        '.map((b) => b.outerHTML.slice(0, 80))',
    );
    assert.deepEqual(unnamed, []);
  });

  it('paints a mask with the keyboard only and sends it with the edit', async () => {
    const { keyboard } = session.page;
    // Back from Delete to Edit, and Enter on it.
    await keyboard.press('Shift+Tab');
    await keyboard.press('Shift+Tab');
    assert.equal(await panel.evaluate<string>(focusedName), 'Edit');
    await keyboard.press('Enter');
    await panel.locator('.stage[data-ready="true"]').waitFor();
    // The picker names the image now being edited (once the state listing it has arrived).
    const imageId = await panel.locator('[data-testid="results"] .card').first().getAttribute('data-image-id');
    const picker = panel.locator('vscode-single-select[data-option="edit-image"]');
    // Rebuilt with the image's option selected once the state listing it arrives; the select takes its value from it.
    await picker.locator(`vscode-option[value="${imageId}"][selected]`).waitFor({ state: 'attached' });
    assert.equal(await picker.evaluate((s) => (s as unknown as { value: string }).value), imageId);
    const canvas = panel.locator('.stage canvas.mask');
    assert.equal(await canvas.getAttribute('tabindex'), '0');
    assert.equal(await canvas.getAttribute('role'), 'application');
    const help = await canvas.getAttribute('aria-describedby');
    assert.match((await panel.locator(`#${help}`).textContent()) ?? '', /Arrow keys move the brush/);
    await canvas.focus();
    await panel.locator('.brush-cursor').waitFor({ state: 'visible' });
    const state = panel.locator('[data-testid="mask-state"]');
    await keyboard.press(']');
    await keyboard.press(']');
    await state.filter({ hasText: 'Brush 64 px' }).waitFor();
    assert.equal(await panel.locator('#brush-size').inputValue(), '64');
    // From the centre: 10 % left, 4 % down.
    await keyboard.press('Shift+ArrowLeft');
    await keyboard.press('ArrowDown');
    await keyboard.press('ArrowDown');
    await state.filter({ hasText: 'Brush at 40%, 54%' }).waitFor();
    await keyboard.press('Space');
    await state.filter({ hasText: 'Painted at 40%, 54%' }).waitFor();
    assert.match((await state.textContent()) ?? '', /Painted areas will change/);
    await keyboard.press('ArrowRight');
    await keyboard.press('Enter');
    // The eraser follows E, its checkbox too, and back.
    await keyboard.press('e');
    await state.filter({ hasText: 'Eraser on' }).waitFor();
    assert.equal(
      await panel.locator('.tools vscode-checkbox').evaluate((c) => (c as unknown as { checked: boolean }).checked),
      true,
    );
    await keyboard.press('e');
    await state.filter({ hasText: 'Eraser off' }).waitFor();
    // The mask canvas is the image's size and painted at the cursor, not elsewhere (the cursor ring is not in it).
    const pixels = await panel.evaluate<{
      width: number;
      height: number;
      imgWidth: number;
      imgHeight: number;
      atCursor: number;
      corner: number;
      far: number;
    }>(`(() => {
      const c = document.querySelector('.stage canvas.mask');
      const img = document.querySelector('.stage img');
      const alpha = (x, y) =>
        c.getContext('2d').getImageData(Math.round(x * c.width), Math.round(y * c.height), 1, 1).data[3];
      return {
        width: c.width, height: c.height, imgWidth: img.naturalWidth, imgHeight: img.naturalHeight,
        atCursor: alpha(0.4, 0.54), corner: alpha(0.02, 0.02), far: alpha(0.85, 0.15),
      };
    })()`);
    assert.deepEqual(
      { width: pixels.width, height: pixels.height },
      { width: pixels.imgWidth, height: pixels.imgHeight },
    );
    assert.ok(pixels.atCursor > 0, JSON.stringify(pixels));
    assert.equal(pixels.corner, 0, JSON.stringify(pixels));
    assert.equal(pixels.far, 0, JSON.stringify(pixels));
    // Tab leaves the canvas (no keyboard trap), then the change is described and applied by keyboard.
    const edits = emulator.requests.filter((r) => r.path.endsWith('/images/edits')).length;
    await panel.locator('#edit-prompt textarea').fill('add a red boat');
    await panel.locator('vscode-button[data-testid="applyEdit"]').focus();
    await keyboard.press('Enter');
    await panel.locator('.edit .status').filter({ hasText: 'Saved' }).waitFor({ timeout: 60_000 });
    const sent = emulator.requests.filter((r) => r.path.endsWith('/images/edits'));
    assert.equal(sent.length, edits + 1);
    const masks = sent.at(-1)?.files.filter((f) => f.field === 'mask') ?? [];
    assert.equal(masks.length, 1, JSON.stringify(sent.at(-1)?.files));
    assert.equal(masks[0]?.type, 'image/png');
  });

  it('lets Tab leave the mask canvas', async () => {
    await panel.locator('.stage canvas.mask').focus();
    await session.page.keyboard.press('Tab');
    assert.notEqual(await panel.evaluate<string>('document.activeElement?.className ?? ""'), 'mask');
  });

  it('announces an error as an alert and puts focus on its first fix', async () => {
    emulator.script.error(401, undefined, { path: '/images/generations' });
    await panel.locator('#prompt textarea').fill('a harbour at night');
    await panel.locator('#prompt textarea').press('Control+Enter');
    const error = panel.locator('.compose .error[role="alert"]');
    await error.waitFor({ timeout: 30_000 });
    await panel.locator('.compose .error vscode-button:focus').waitFor({ timeout: 10_000 });
    assert.equal(await panel.evaluate<string>(focusedName), 'Set API Key');
  });

  it('keeps its outlines in a high-contrast theme', async () => {
    const { page } = session;
    await openPalette(page, 'Preferences: Color Theme');
    await page.locator('.quick-input-list .monaco-list-row[aria-label^="Preferences: Color Theme"]').first().click();
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Dark Modern' }).first().waitFor();
    await page.keyboard.type('Dark High Contrast');
    await page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ hasText: 'Dark High Contrast' })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 30_000 });
    await panel.locator('body.vscode-high-contrast').waitFor({ state: 'attached', timeout: 10_000 });
    // The theme's contrast border reaches the cards.
    const border = await panel.evaluate<string>(
      `getComputedStyle(document.querySelector('[data-testid="results"] .card')).borderTopColor`,
    );
    const contrast = await panel.evaluate<string>(
      "(() => { const p = document.createElement('p'); " +
        "p.style.color = getComputedStyle(document.documentElement).getPropertyValue('--vscode-contrastBorder'); " +
        'document.body.append(p); const c = getComputedStyle(p).color; p.remove(); return c; })()',
    );
    assert.equal(border, contrast);
    await panel.evaluate('window.scrollTo(0, 0)');
    await panelSettled(panel, 'vscode-high-contrast');
    await saveScreenshot(page, 'panel-high-contrast', page.locator('#workbench\\.parts\\.sidebar'));
  });
});
