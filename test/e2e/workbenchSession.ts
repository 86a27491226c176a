import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ensureCodeServer } from '../host/installCodeServer';
import { installExtension, startCodeServer, type RunningCodeServer } from '../host/codeServer';
import { openWorkbench, type OpenWorkbench } from '../host/workbench';
import { freshWorkspace } from '../host/workspaceCopy';
import { repoRoot, testOutput } from '../host/paths';

export interface WorkbenchSession {
  readonly page: Page;
  readonly workspace: string;
  readonly server: RunningCodeServer;
  close(): Promise<void>;
}

export interface SessionOptions {
  readonly name: string;
  readonly userSettings?: Record<string, unknown>;
  readonly colorScheme?: 'light' | 'dark';
  /** Install this packaged .vsix into the fresh host instead of loading the sources in development mode. */
  readonly vsix?: string;
}

/** A real workbench in Chromium with the extension in development mode and a fresh sample workspace. */
export async function startWorkbenchSession(options: SessionOptions): Promise<WorkbenchSession> {
  ensureCodeServer();
  const root = path.join(testOutput, 'e2e', options.name);
  rmSync(root, { recursive: true, force: true });
  const workspace = freshWorkspace(path.join(root, 'workspace'));
  const stateDir = path.join(root, 'host');
  if (options.vsix) await installExtension(options.vsix, stateDir);
  const server = await startCodeServer({
    stateDir,
    userSettings: {
      'workbench.colorTheme': options.colorScheme === 'light' ? 'Default Light Modern' : 'Default Dark Modern',
      ...options.userSettings,
    },
  });
  let workbench: OpenWorkbench;
  try {
    workbench = await openWorkbench({
      serverUrl: server.url,
      port: server.port,
      workspaceFolder: workspace,
      ...(options.vsix ? {} : { extensionDevelopmentPath: repoRoot }),
      colorScheme: options.colorScheme ?? 'dark',
      onLog: (l) => (process.env.IMAGE_STUDIO_HOST_LOG ? console.log(l) : undefined),
    });
  } catch (err) {
    await server.stop();
    throw err;
  }
  // The extension's contributions are registered once its activity-bar entry shows; a palette opened earlier stays
  // stale.
  await workbench.page.locator('.activitybar [aria-label^="Image Studio"]').first().waitFor({ timeout: 60_000 });
  return {
    page: workbench.page,
    workspace,
    server,
    close: async () => {
      await workbench.close().catch(() => undefined);
      await server.stop();
    },
  };
}

/** Runs a palette command by its title, as a person would: F1, type, Enter. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await openPalette(page, title);
  await page
    .locator(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`)
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/**
 * Opens the command palette with text typed; F1 is pressed again until the palette shows, since focus may still be
 * settling.
 */
export async function openPalette(page: Page, text: string, expectRow: string = text): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[aria-label*="${expectRow}"]`);
  // A quick input that was just accepted may still be closing; opening the palette over it would be lost.
  await page
    .locator('.quick-input-widget')
    .waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => undefined);
  for (let round = 0; round < 3; round++) {
    for (let attempt = 0; attempt < 20 && !(await input.isVisible()); attempt++) {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 1000 }).catch(() => undefined);
    }
    await input.fill(`>${text}`);
    // Trust-gated commands (enablement isWorkspaceTrusted) are missing from a palette opened before the
    // workbench has settled the workspace's trust, and it does not refresh: close it and open it again.
    if (
      await rows
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 })
        .then(
          () => true,
          () => false,
        )
    )
      return;
    await page.keyboard.press('Escape');
    await page
      .locator('.quick-input-widget')
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => undefined);
  }
}

/**
 * Saves a screenshot (of the page, or of one part of it) under test-output/screenshots, and into docs/ when asked to
 * refresh the README's.
 */
export async function saveScreenshot(page: Page, name: string, part?: Locator): Promise<string> {
  const dir = path.join(testOutput, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  if (part) await part.screenshot({ path: file });
  else await page.screenshot({ path: file });
  if (process.env.IMAGE_STUDIO_UPDATE_SCREENSHOTS === '1') {
    const docs = path.join(repoRoot, 'docs', 'screenshots');
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, path.join(docs, `${name}.png`));
  }
  return file;
}

/** Opens a workspace file with Quick Open and puts the cursor at its end. */
export async function openFileAtEnd(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
}

/** Set API Key from the palette, typing into the password box. */
export async function setApiKeyFromPalette(page: Page, key: string): Promise<void> {
  await runFromPalette(page, 'Image Studio: Set API Key');
  await page.locator('.quick-input-widget input[type="password"]').waitFor();
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
}

/** Runs Generate Image from the palette and waits for its prompt picker (recent prompts listed below the input). */
export async function openPromptPicker(page: Page): Promise<void> {
  await runFromPalette(page, 'Image Studio: Generate Image');
  await page.locator('.quick-input-widget input[placeholder^="Describe the image"]').waitFor();
}

/** Generate Image from the palette, typing the prompt and pressing Enter. */
export async function generateFromPalette(page: Page, prompt: string): Promise<void> {
  await openPromptPicker(page);
  await page.keyboard.type(prompt);
  await page.keyboard.press('Enter');
}
