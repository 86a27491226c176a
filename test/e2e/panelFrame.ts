import type { Frame, Page } from 'playwright-core';

/**
 * Opens the Image Studio view in the side bar: clicked until its header shows (the workbench may still be settling).
 */
async function showPanel(page: Page): Promise<void> {
  const header = page
    .locator('#workbench\\.parts\\.sidebar')
    .locator('.pane-header[aria-label*="Studio"], .composite.title:has-text("Image Studio")')
    .first();
  for (let attempt = 0; attempt < 5 && !(await header.isVisible()); attempt++) {
    await page.locator('.activitybar [aria-label^="Image Studio"]').first().click();
    await header.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
  }
}

/**
 * The Image Studio panel's document. A webview view is two nested iframes in the workbench (the host
 * frame, then the active frame with our page); the one whose `#app` gets content is the panel. Every frame,
 * and each one that navigates meanwhile, is watched for that content: Playwright's waits end it, not a timer.
 */
export async function openPanelFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  await showPanel(page);
  return new Promise<Frame>((resolve, reject) => {
    let settled = false;
    let watching = 0;
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      page.off('framenavigated', watch);
      settle();
    };
    function watch(frame: Frame): void {
      watching++;
      frame
        .locator('#app vscode-collapsible')
        .first()
        .waitFor({ state: 'attached', timeout: timeoutMs })
        .then(
          () => finish(() => resolve(frame)),
          () => {
            // The main frame's wait lasts the whole timeout, so the last wait to end empty-handed is the bound.
            if (--watching === 0) finish(() => reject(new Error('the Image Studio panel did not appear')));
          },
        );
    }
    page.on('framenavigated', watch);
    for (const frame of page.frames()) watch(frame);
  });
}

/** Prints the start of the panel's text, so a failed test's log shows what the panel said. */
export async function logPanelText(panel: Frame): Promise<void> {
  const text = await panel
    .locator('#app')
    .textContent()
    .catch(() => '');
  console.log('[panel text]', text?.slice(0, 3000));
}

/**
 * Sets the key through the panel's own Set API Key button, typing it into the password box, and waits for the header to
 * say so.
 */
export async function setKeyFromPanel(page: Page, panel: Frame, key: string): Promise<void> {
  await panel.locator('.key-status vscode-button').click();
  const password = page.locator('.quick-input-widget input[type="password"]');
  await password.waitFor();
  await password.fill(key);
  await password.press('Enter');
  await panel.locator('.key-status').filter({ hasText: 'API key set' }).waitFor({ timeout: 15_000 });
}

/**
 * Waits until the panel stands still for a screenshot: its theme applied to the page, its fonts (the
 * codicons) loaded and every image in view loaded, and no estimate pending.
 */
export async function panelSettled(
  panel: Frame,
  themeClass: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast',
): Promise<void> {
  await panel.locator(`body.${themeClass}`).waitFor({ state: 'attached' });
  await panel.locator('[data-testid="estimate"]:not([aria-busy])').waitFor({ state: 'attached' });
  // Lazy images out of view never load; the ones in view are what the screenshot shows.
  await panel.evaluate(`(async () => {
    await document.fonts.ready;
    const inView = [...document.images].filter((img) => {
      const box = img.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
    });
    await Promise.all(inView.map((img) => img.complete ? undefined : new Promise((settle) => {
      img.addEventListener('load', settle, { once: true });
      img.addEventListener('error', settle, { once: true });
    })));
  })()`);
}
