import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { testOutput } from '../host/paths';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';
import { logPanelText, openPanelFrame, panelSettled, setKeyFromPanel } from './panelFrame';
import { startWorkbenchSession, openPalette, saveScreenshot, type WorkbenchSession } from './workbenchSession';

const prompt = 'a lighthouse on a cliff in a storm';
const htmlPrompt = '<img src=x onerror=alert(1)>';

describe('the Image Studio panel (e2e)', function () {
  this.timeout(180_000);
  let emulator: RunningEmulator;
  let session: WorkbenchSession;
  let panel: Frame;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];

  async function estimateText(): Promise<string> {
    return (await panel.locator('[data-testid="estimate"]').textContent()) ?? '';
  }

  async function choose(option: string, value: string): Promise<void> {
    await panel.locator(`vscode-single-select[data-option="${option}"]`).click();
    await panel.getByRole('option', { name: value, exact: true }).first().click();
  }

  async function resultCount(): Promise<number> {
    return panel.locator('[data-testid="results"] .card').count();
  }

  before(async () => {
    // Latency on (low quality at 1024x1024 takes ~3 s), so the two partial previews arrive before the image.
    emulator = await startEmulator({ latencyScale: 0.4, imagesPerMinute: 100 });
    // The story makes more than 5 calls a minute: the pacing limit (an application setting, user settings only) is
    // raised.
    session = await startWorkbenchSession({
      name: 'panel',
      userSettings: {
        'imageStudio.baseUrl': emulator.baseUrl,
        'imageStudio.size': '1024x1024',
        'imageStudio.imagesPerMinute': 100,
      },
    });
    const { page } = session;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('README.md');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    panel = await openPanelFrame(page);
    // The panel's own Set API Key button runs the command; the header follows the secret store's change event.
    await setKeyFromPanel(page, panel, EMULATOR_TEST_KEY);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && panel) {
      await logPanelText(panel);
      await session.page.screenshot({ path: path.join(testOutput, 'screenshots', `panel-failure-${Date.now()}.png`) });
    }
  });
  after(async () => {
    await session?.close();
    await emulator?.close();
  });

  it('updates the estimate as the prompt and options change', async () => {
    await panel.locator('#prompt textarea').fill(prompt);
    await panel.locator('[data-testid="estimate"]').filter({ hasText: '$' }).waitFor();
    const before = await estimateText();
    await choose('quality', 'low');
    await panel.locator('[data-testid="estimate"]').filter({ hasNotText: before }).waitFor();
    const after = await estimateText();
    assert.notEqual(after, before, 'low quality costs less than the auto (worst-case) estimate');
    // Only what the model accepts is offered: jpeg is not offered while the background is transparent.
    await choose('background', 'transparent');
    await panel.locator('vscode-single-select[data-option="format"]').click();
    assert.equal(await panel.getByRole('option', { name: 'jpeg', exact: true }).count(), 0);
    await panel.locator('vscode-single-select[data-option="format"]').press('Escape');
    await choose('background', 'auto');
  });

  it('generates with streaming on: a partial preview shows before the final image', async () => {
    // Records, in order, when the first partial preview and the first final image appear in the page.
    await panel.evaluate(`(() => {
      const seen = [];
      window.seen = seen;
      new MutationObserver(() => {
        if (document.querySelector('.previews img[data-partial]') && !seen.includes('partial')) seen.push('partial');
        if (document.querySelector('[data-testid="results"] .card img') && !seen.includes('final')) seen.push('final');
      }).observe(document.body, { subtree: true, childList: true });
    })()`);
    await panel.locator('vscode-button[data-testid="generate"]').click();
    await panel.locator('[data-testid="results"] .card img').first().waitFor({ timeout: 90_000 });
    const seen = await panel.evaluate<string[]>('window.seen');
    assert.deepEqual(seen, ['partial', 'final']);
    const generation = emulator.requests.find((r) => r.path.endsWith('/images/generations'));
    assert.equal(generation?.fields.stream, true);
    assert.equal(generation?.fields.quality, 'low');
  });

  it('inserts a link to the result at the cursor of the markdown file', async () => {
    await panel.locator('[data-testid="results"] .card vscode-button[data-testid="insertLink"]').first().click();
    await session.page
      .locator('.monaco-editor .view-lines')
      .getByText(prompt, { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    const readme = readFileSync(path.join(session.workspace, 'README.md'), 'utf8');
    // The editor holds the link; the file is saved by the person, so check the editor's text instead.
    assert.ok(readme.length > 0);
    await saveScreenshot(session.page, 'panel-dark', session.page.locator('#workbench\\.parts\\.sidebar'));
  });

  it('paints a mask and sends an edit', async () => {
    await panel.locator('[data-testid="results"] .card vscode-button[data-testid="edit"]').first().click();
    await panel.locator('.stage[data-ready="true"]').waitFor();
    const box = await panel.locator('.stage canvas.mask').boundingBox();
    assert.ok(box);
    const { mouse } = session.page;
    await mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await mouse.down();
    await mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
    await mouse.up();
    await panel.locator('#edit-prompt textarea').fill('add a red boat');
    const before = await resultCount();
    await panel.locator('vscode-button[data-testid="applyEdit"]').click();
    await panel.locator('.edit .status').filter({ hasText: 'Saved' }).waitFor({ timeout: 90_000 });
    await panel.locator('[data-testid="results"] .prompt-text').filter({ hasText: 'add a red boat' }).first().waitFor();
    assert.ok((await resultCount()) >= before);
    const edit = emulator.requests.find((r) => r.path.endsWith('/images/edits'));
    assert.ok(edit, 'an edit request reached the API');
    assert.ok(JSON.stringify(edit).includes('mask'), 'with a mask');
  });

  it('edits an image dropped onto the Edit section', async () => {
    const edits = emulator.requests.filter((r) => r.path.endsWith('/images/edits')).length;
    // A real PNG made in the page, dropped as a file: the panel reads its bytes, never a path. Only the drop
    // is dispatched: a synthetic dragover makes the workbench raise its drop overlay, which no real drop ends.
    await panel.evaluate(`(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 512; canvas.height = 512;
      const c = canvas.getContext('2d');
      c.fillStyle = '#3a7'; c.fillRect(0, 0, 512, 512);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));
      const target = document.querySelector('.edit');
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    })()`);
    await panel.locator('.stage img[alt="Dropped image to edit: dropped.png"]').waitFor();
    await panel.locator('.stage[data-ready="true"]').waitFor();
    await panel.locator('#edit-prompt textarea').fill('add a yellow sun');
    await panel.locator('vscode-button[data-testid="applyEdit"]').click();
    await panel
      .locator('[data-testid="results"] .prompt-text')
      .filter({ hasText: 'add a yellow sun' })
      .first()
      .waitFor({ timeout: 90_000 });
    assert.equal(emulator.requests.filter((r) => r.path.endsWith('/images/edits')).length, edits + 1);
  });

  it('shows a prompt containing HTML as text', async () => {
    await panel.locator('#prompt textarea').fill(htmlPrompt);
    await panel.locator('vscode-button[data-testid="generate"]').click();
    await panel
      .locator('[data-testid="results"] .prompt-text')
      .filter({ hasText: 'onerror' })
      .first()
      .waitFor({ timeout: 90_000 });
    const texts = await panel.locator('[data-testid="results"] .prompt-text').allTextContents();
    assert.ok(texts.includes(htmlPrompt), texts.join(' | '));
    assert.equal(await panel.locator('img[src="x"]').count(), 0);
    assert.deepEqual(dialogs, []);
  });

  it('counts down a rate-limit wait, and shows an error inline with its fix', async () => {
    emulator.script.error(429, undefined, { path: '/images/generations', retryAfterSeconds: 3 });
    await panel.locator('#prompt textarea').fill('a kite over the dunes');
    await panel.locator('vscode-button[data-testid="generate"]').click();
    await panel
      .locator('[data-testid="countdown"]')
      .filter({ hasText: /retrying in \d s/ })
      .waitFor({ timeout: 20_000 });
    await panel
      .locator('[data-testid="results"] .prompt-text')
      .filter({ hasText: 'a kite over the dunes' })
      .first()
      .waitFor({ timeout: 90_000 });
    emulator.script.error(401, undefined, { path: '/images/generations' });
    // A new prompt: the same one would be served from the cache without a call.
    await panel.locator('#prompt textarea').fill('a kite at night');
    await panel.locator('vscode-button[data-testid="generate"]').click();
    const error = panel.locator('.compose .error');
    await error.waitFor({ timeout: 30_000 });
    assert.ok(
      (await error.locator('vscode-button').filter({ hasText: 'Set API Key' }).count()) > 0,
      (await error.textContent()) ?? '',
    );
  });

  it('keeps the draft when the panel is hidden and shown again, and keeps its API handle off window', async () => {
    const { page } = session;
    await panel.locator('#prompt textarea').fill('a draft to keep');
    // The page saved the draft with setState before it asked for the estimate, over the same channel: once
    // the estimate is answered, the workbench holds the draft.
    await panel.locator('[data-testid="estimate"]:not([aria-busy])').waitFor({ state: 'attached' });
    // Hiding the side bar disposes the page (no retainContextWhenHidden); showing it loads a fresh one.
    await page.keyboard.press('Control+B');
    await page.locator('#workbench\\.parts\\.sidebar').waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+B');
    panel = await openPanelFrame(page);
    await panel.locator('#prompt textarea').waitFor();
    assert.equal(await panel.locator('#prompt textarea').inputValue(), 'a draft to keep');
    const exposed = await panel.evaluate<boolean>(
      "Object.values(window).some((v) => { try { return !!v && typeof v === 'object' && " +
        "typeof v.postMessage === 'function' && typeof v.setState === 'function'; } catch { return false; } })",
    );
    assert.equal(exposed, false, 'the acquireVsCodeApi handle is not reachable from window (W6)');
  });

  it('finds the image in history after reloading the window, in a light theme too', async () => {
    const { page } = session;
    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    panel = await openPanelFrame(page);
    await panel.locator('vscode-textfield[aria-label="Search history"] input').fill('lighthouse');
    await panel.locator('[data-testid="history"] .card').first().waitFor({ timeout: 30_000 });
    const prompts = await panel.locator('[data-testid="history"] .prompt-text').allTextContents();
    assert.ok(prompts.includes(prompt), prompts.join(' | '));
    await panel.locator('vscode-textfield[aria-label="Search history"] input').fill('');
    await openPalette(page, 'Preferences: Color Theme');
    // Clicked by its exact label: "Browse Color Themes in Marketplace" may rank first.
    await page.locator('.quick-input-list .monaco-list-row[aria-label^="Preferences: Color Theme"]').first().click();
    // The theme picker replaces the palette; type into it once it lists themes.
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Dark Modern' }).first().waitFor();
    await page.keyboard.type('Light Modern');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Light Modern' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-workbench.vs').waitFor({ timeout: 30_000 });
    await panel.locator('#prompt textarea').fill(prompt);
    await panel.evaluate('window.scrollTo(0, 0)');
    await panelSettled(panel, 'vscode-light');
    await saveScreenshot(page, 'panel-light', page.locator('#workbench\\.parts\\.sidebar'));
    assert.deepEqual(cspViolations, []);
  });

  it('pages a long history: newest 30, Show more, scroll, search over all, a symlinked entry unavailable', async () => {
    // A clone's manifest with many images not made yet, and one whose path goes through a symlink out of the workspace.
    const outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'imagestudio-e2e-outside-')));
    try {
      copyFileSync(path.join(session.workspace, 'images', 'photo.png'), path.join(outside, 'secret.png'));
      symlinkSync(outside, path.join(session.workspace, 'linked'));
      const manifestFile = path.join(session.workspace, '.imagestudio', 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
        version: 1;
        images: Record<string, unknown>[];
      };
      const entry = (index: number, overrides: Record<string, unknown> = {}) => ({
        id: `clone${index}`,
        file: `ignore/clone-${index}.png`,
        prompt: `a cloned image number ${index}`,
        model: 'gpt-image-2',
        kind: 'generate',
        options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
        requestHash: index.toString(16).padStart(64, '0'),
        createdAt: new Date(Date.UTC(2020, 0, 1) + index * 1000).toISOString(),
        ...overrides,
      });
      manifest.images.push(
        entry(0, { prompt: 'the oldest lighthouse of all' }),
        ...Array.from({ length: 74 }, (_, i) => entry(i + 1)),
      );
      manifest.images.push(
        entry(99, {
          id: 'linkedsecret',
          file: 'linked/secret.png',
          prompt: 'a file behind a link',
          createdAt: '2099-01-01T00:00:00.000Z',
        }),
      );
      const total = manifest.images.length;
      writeFileSync(manifestFile, JSON.stringify(manifest));
      const search = panel.locator('vscode-textfield[aria-label="Search history"] input');
      await search.fill('');
      const cards = panel.locator('[data-testid="history"] .card');
      const count = panel.locator('[data-testid="history-count"]');
      // The manifest watcher refreshes the panel: only the newest page is listed (and checked).
      await count
        .filter({ hasText: `${total} of ${total} images · showing the newest 30` })
        .waitFor({ timeout: 30_000 });
      assert.equal(await cards.count(), 30);
      const linked = cards.first();
      assert.equal(await linked.getAttribute('data-availability'), 'unavailable');
      assert.match(
        (await linked.locator('[data-testid="unavailable"]').textContent()) ?? '',
        /^Unavailable: its path goes through a symbolic link.*\(linked\/secret\.png\)$/,
      );
      assert.equal(await linked.locator('img').count(), 0, 'never shown');
      assert.deepEqual(
        await linked
          .locator('vscode-button')
          .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label'))),
        ['Copy Prompt'],
      );
      assert.equal(await cards.nth(29).getAttribute('data-availability'), 'missing');
      // Pressed while out of view: a click that scrolled it into view would also fire the scroll trigger below.
      await panel.locator('vscode-button[data-testid="showMore"]').dispatchEvent('click');
      await count.filter({ hasText: 'showing the newest 60' }).waitFor();
      assert.equal(await cards.count(), 60);
      // Scrolled into view, the button asks for the next page by itself.
      await panel.locator('vscode-button[data-testid="showMore"]').scrollIntoViewIfNeeded();
      await count.filter({ hasText: new RegExp(`^${total} of ${total} images$`) }).waitFor();
      assert.equal(await cards.count(), total);
      assert.equal(await panel.locator('.history-more').isHidden(), true, 'nothing more to show');
      // The host searches every entry, the oldest too.
      await search.fill('oldest lighthouse');
      await count.filter({ hasText: new RegExp(`^1 of ${total} images$`) }).waitFor();
      assert.deepEqual(await panel.locator('[data-testid="history"] .prompt-text').allTextContents(), [
        'the oldest lighthouse of all',
      ]);
      await search.fill('');
      await count.filter({ hasText: `${total} of ${total} images · showing the newest 30` }).waitFor();
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('marks an agent’s image on its card, as text and in its accessible name, and finds it by the agent', async () => {
    const manifestFile = path.join(session.workspace, '.imagestudio', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      version: 1;
      images: Record<string, unknown>[];
    };
    copyFileSync(
      path.join(session.workspace, 'images', 'photo.png'),
      path.join(session.workspace, 'ignore', 'agent.png'),
    );
    manifest.images.push({
      id: 'byanagent',
      file: 'ignore/agent.png',
      prompt: 'a harbour an agent drew',
      model: 'gpt-image-2',
      kind: 'generate',
      options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
      requestHash: 'e'.repeat(64),
      createdAt: new Date().toISOString(),
      agent: { via: 'mcp', tool: 'generate_image', client: 'claude-code' },
    });
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const search = panel.locator('vscode-textfield[aria-label="Search history"] input');
    await search.fill('agent claude');
    const card = panel.locator('[data-testid="history"] .card[data-image-id="byanagent"]');
    await card.waitFor({ timeout: 30_000 });
    assert.equal(await panel.locator('[data-testid="history"] .card').count(), 1, 'only the agent’s image matches');
    assert.equal(
      await card.locator('[data-testid="agent-mark"]').textContent(),
      'By an agent: Claude Code · generate_image',
    );
    assert.equal(
      await card.getAttribute('aria-label'),
      'a harbour an agent drew, by an agent: Claude Code · generate_image',
    );
    await search.fill('');
  });
});
