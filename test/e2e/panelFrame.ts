import type { Frame, Page } from 'playwright-core';

/**
 * The Image Studio panel's document. A webview view is two nested iframes in the workbench (the host
 * frame, then the active frame with our page); the one holding our `#app` with content is the panel.
 */
export async function openPanelFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  while (Date.now() < deadline) {
    if (!(await sidebar.locator('.pane-header[aria-label*="Studio"], .composite.title:has-text("Image Studio")').first().isVisible().catch(() => false))) {
      await page.locator('.activitybar [aria-label^="Image Studio"]').first().click();
    }
    for (const frame of page.frames()) {
      const ready = await frame.locator('#app vscode-collapsible').count().catch(() => 0);
      if (ready > 0) return frame;
    }
    await page.waitForTimeout(500);
  }
  throw new Error('the Image Studio panel did not appear');
}

/** Sets the key through the panel's own Set API Key button, typing it into the password box, and waits for the header to say so. */
export async function setKeyFromPanel(page: Page, panel: Frame, key: string): Promise<void> {
  await panel.locator('.key-status vscode-button').click();
  const password = page.locator('.quick-input-widget input[type="password"]');
  await password.waitFor();
  await password.fill(key);
  await password.press('Enter');
  await panel.locator('.key-status').filter({ hasText: 'API key set' }).waitFor({ timeout: 15_000 });
}
