import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import {
  startEmulator,
  EMULATOR_MODERATION_CATEGORIES,
  EMULATOR_MODERATION_MARKER,
  EMULATOR_TEST_KEY,
  type RunningEmulator,
} from '../emulator';
import { waitFor } from '../support/waitFor';
import { useEmulatorSession } from './support/emulatorSession';
import { answerEveryMessage, answerInputBoxes, type ShownMessage } from './support/windowAnswers';

/** Generate Image through the palette command when the API, the budget or the disk says no. */
describe('Generate Image when things go wrong (emulator over HTTP)', function () {
  this.timeout(60_000);
  const session = useEmulatorSession();
  let emulator: RunningEmulator;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const outputFolder = () => vscode.Uri.joinPath(folder(), 'ignore');
  const generations = () => emulator.requests.filter((r) => r.path.endsWith('/images/generations'));

  async function imagesOnDisk(): Promise<string[]> {
    try {
      return (await vscode.workspace.fs.readDirectory(outputFolder()))
        .map(([name]) => name)
        .filter((n) => n.endsWith('.png'));
    } catch {
      return [];
    }
  }

  async function setKey(key: string): Promise<void> {
    const restore = answerInputBoxes([key]);
    try {
      await vscode.commands.executeCommand('imageStudio.setApiKey');
    } finally {
      restore();
    }
  }

  /** Runs Generate Image with the prompt typed, answering messages with `choose`; returns what was shown. */
  async function generate(
    prompt: string,
    choose?: (shown: ShownMessage) => string | undefined,
    moreInput: string[] = [],
  ): Promise<ShownMessage[]> {
    const restoreInput = answerInputBoxes([prompt, ...moreInput]);
    const messages = answerEveryMessage(choose);
    try {
      await vscode.commands.executeCommand('imageStudio.generateImage');
    } finally {
      restoreInput();
      messages.restore();
    }
    return messages.shown;
  }

  before(() => {
    emulator = session();
  });

  afterEach(() => emulator.script.clear());

  it('waits out a 429 with retry-after, then saves the image', async () => {
    emulator.script.rateLimit({ retryAfterSeconds: 1, path: '/images/generations' });
    const before = generations().length;
    const started = Date.now();
    const shown = await generate('a lighthouse, after a short wait');
    assert.equal(generations().length - before, 2, 'the 429, then the retry');
    assert.ok(Date.now() - started >= 900, 'the retry waited for retry-after');
    assert.deepEqual(
      shown.filter((m) => m.severity === 'error'),
      [],
    );
    assert.match(shown.find((m) => m.severity === 'info')?.message ?? '', /saved ignore\/.*\.png/);
  });

  it('turns a 401 into Set API Key, never showing the rejected key', async () => {
    const wrongKey = 'sk-proj-wrongwrongwrong0123456789abcdef';
    await setKey(wrongKey);
    const shown = await generate(
      'a lighthouse, with the wrong key',
      (m) => (m.items.includes('Set API Key') ? 'Set API Key' : undefined),
      [EMULATOR_TEST_KEY],
    );
    const error = shown.find((m) => m.severity === 'error');
    assert.ok(error, 'an error was shown');
    assert.match(error.message, /key/i);
    assert.ok(error.items.includes('Set API Key'));
    for (const m of shown)
      assert.ok(
        !m.message.includes(wrongKey) && !m.message.includes('0123456789abcdef'),
        `no part of the key in: ${m.message}`,
      );
    // The person typed the right key into Set API Key: the next generation goes through.
    const after = await generate('a lighthouse, with the right key');
    assert.deepEqual(
      after.filter((m) => m.severity === 'error'),
      [],
    );
  });

  it('reports a moderation block with its categories and saves nothing', async () => {
    const before = await imagesOnDisk();
    const shown = await generate(`a ${EMULATOR_MODERATION_MARKER} still life`);
    const error = shown.find((m) => m.severity === 'error');
    assert.match(error?.message ?? '', /safety system/);
    for (const category of EMULATOR_MODERATION_CATEGORIES)
      assert.ok(error?.message.includes(category), `names ${category}`);
    assert.deepEqual(await imagesOnDisk(), before);
  });

  it('refuses a request over the monthly cap before sending it (Open Settings); the repo cannot raise it', async () => {
    // The sample workspace tries to raise the cap to $100,000; as an application setting, only the user's value counts.
    const workspaceSettings = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.vscode', 'settings.json')),
    );
    assert.match(workspaceSettings, /"imageStudio\.monthlyBudgetUsd": 100000/);
    assert.equal(config().inspect<number>('monthlyBudgetUsd')?.workspaceValue, undefined);
    await config().update('monthlyBudgetUsd', 0.0001, vscode.ConfigurationTarget.Global);
    try {
      const before = generations().length;
      const shown = await generate('a lighthouse we cannot afford');
      const error = shown.find((m) => m.severity === 'error');
      assert.match(error?.message ?? '', /over your cap of .* imageStudio\.monthlyBudgetUsd/);
      assert.ok(error?.items.includes('Open Settings'));
      assert.equal(generations().length, before, 'nothing was sent');
    } finally {
      await config().update('monthlyBudgetUsd', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps the paid-for bytes when the save fails, and saves them where the person chooses', async () => {
    const slow = await startEmulator({ latencyScale: 0.25 });
    await config().update('baseUrl', slow.baseUrl, vscode.ConfigurationTarget.Global);
    const elsewhere = vscode.Uri.joinPath(folder(), 'saved-elsewhere.png');
    // The images other suites made are put back afterwards: only this test's folder goes missing.
    const aside = vscode.Uri.joinPath(folder(), 'ignore-set-aside');
    const originalSaveDialog = vscode.window.showSaveDialog;
    (vscode.window as { showSaveDialog: typeof originalSaveDialog }).showSaveDialog = () => Promise.resolve(elsewhere);
    try {
      const running = generate('a lighthouse whose folder vanishes', (m) =>
        m.items.includes('Save As…') ? 'Save As…' : undefined,
      );
      // While the image renders, the output folder is replaced by a file: the save must fail after paying.
      await waitFor('the generation to reach the API', slow.onRequestLog, () =>
        slow.requests.some((r) => r.path.endsWith('/images/generations')),
      );
      await vscode.workspace.fs.rename(outputFolder(), aside);
      await vscode.workspace.fs.writeFile(outputFolder(), new TextEncoder().encode('not a folder'));
      const shown = await running;
      const error = shown.find((m) => m.severity === 'error');
      assert.match(error?.message ?? '', /kept at (\S+\.png)/);
      const recovered = /kept at (\S+\.png)/.exec(error!.message)![1]!.replace(/;$/, '');
      const recoveredBytes = await vscode.workspace.fs.readFile(vscode.Uri.file(recovered));
      const savedBytes = await vscode.workspace.fs.readFile(elsewhere);
      assert.deepEqual([...savedBytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'Save As… wrote the PNG');
      assert.deepEqual(savedBytes, recoveredBytes, 'the same bytes as the recovered copy');
    } finally {
      (vscode.window as { showSaveDialog: typeof originalSaveDialog }).showSaveDialog = originalSaveDialog;
      await vscode.workspace.fs.delete(outputFolder(), { useTrash: false }).then(undefined, () => undefined);
      await vscode.workspace.fs.rename(aside, outputFolder()).then(undefined, () => undefined);
      await config().update('baseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Global);
      await slow.close();
    }
  });
});
