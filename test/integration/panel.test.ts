import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PanelTestHook } from '../../src/panel/panelTestHook';
import type { HostToWebviewMessage, StateMessage } from '../../src/protocol/messages';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';
import { waitFor } from '../support/waitFor';
import { openPanelSession, type PanelSession } from './support/panelSession';
import { panelOptions as options } from '../support/panelOptions';

const extensionId = 'image-studio-dev.image-studio';

/** A 1x1 transparent PNG: valid base64 PNG, but the wrong size for a 1024x1024 image. */
const onePixelPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

type InputBox = typeof vscode.window.showInputBox;
type WarningMessage = typeof vscode.window.showWarningMessage;

describe('the panel (real webview view in the extension host)', function () {
  this.timeout(90_000);
  let session: PanelSession;
  let hook: PanelTestHook;
  let emulator: RunningEmulator;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const latestState = (): StateMessage | undefined => session.latestState();
  const ask: PanelSession['ask'] = (message, timeoutMs) => session.ask(message, timeoutMs);

  before(async () => {
    emulator = await startEmulator({ latencyScale: 0 });
    await config().update('baseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Global);
    // The suite makes more than 5 calls a minute; pacing is an application setting (user settings only).
    await config().update('imagesPerMinute', 100, vscode.ConfigurationTarget.Global);
    session = await openPanelSession();
    hook = session.hook;
  });

  after(async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('imagesPerMinute', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('imageStudio.clearApiKey');
    await emulator?.close();
  });

  it('renders with forms off and resources limited to dist/ and the output folder', () => {
    const webviewOptions = hook.webviewOptions();
    assert.ok(webviewOptions);
    assert.equal(webviewOptions.enableScripts, true);
    assert.equal(webviewOptions.enableForms, false);
    const extensionUri = vscode.extensions.getExtension(extensionId)!.extensionUri;
    assert.deepEqual(webviewOptions.localResourceRoots, [
      vscode.Uri.joinPath(extensionUri, 'dist').toString(),
      vscode.Uri.joinPath(folder(), 'ignore').toString(),
    ]);
  });

  it('sends the whole state after ready: models with their options, the settings as defaults', () => {
    const state = latestState()!;
    assert.equal(state.defaults.model, 'gpt-image-2.5-flare', 'the workspace setting');
    const flare = state.models.find((m) => m.id === 'gpt-image-2.5-flare');
    assert.ok(flare?.qualities.includes('max'));
    assert.ok(!state.models.find((m) => m.id === 'gpt-image-2')?.qualities.includes('max'));
  });

  it('answers an estimate by id, and explains options the model refuses', async () => {
    const low = await ask({ type: 'estimate', prompt: 'a boat', options });
    const high = await ask({ type: 'estimate', prompt: 'a boat', options: { ...options, quality: 'high' } });
    assert.ok(low.ok && low.result.kind === 'estimate' && high.ok && high.result.kind === 'estimate');
    assert.ok(high.result.usd > low.result.usd);
    const refused = await ask({ type: 'estimate', prompt: 'a boat', options: { ...options, quality: 'max' } });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.error.message : '', /quality "max" is not valid for gpt-image-2/);
  });

  it('drops malformed messages: logged by type, no reply, nothing done', async () => {
    const from = hook.posted().length;
    const droppedBefore = hook.dropped().length;
    const ids = [session.newId(), session.newId(), session.newId(), session.newId()];
    hook.deliver({ type: 'runCommand', command: 'workbench.action.terminal.new', id: ids[0] });
    hook.deliver({ type: 'imageAction', id: ids[1], action: 'open', imageId: '../../../etc/passwd' });
    hook.deliver({ type: 'estimate', id: ids[2], prompt: 'x', options: { ...options, n: 99 } });
    hook.deliver('ready');
    hook.deliver({ type: 'generate', id: ids[3], prompt: 'x'.repeat(40_000), options });
    // The quiet point: messages are taken in order, so once this harmless request is answered, every one
    // before it was either dropped or handled. Every one was dropped, so none was handled (not even 'ready').
    const quiet = await ask({ type: 'estimate', prompt: 'a quiet point', options });
    assert.ok(quiet.ok, JSON.stringify(quiet));
    assert.deepEqual(hook.dropped().slice(droppedBefore), [
      'runCommand',
      'imageAction',
      'estimate',
      'string',
      'generate',
    ]);
    // State pushes the host schedules itself (a watcher, a setting) may land meanwhile; nothing answered these.
    const answered = hook
      .posted()
      .slice(from)
      .filter((m) => (m.type === 'reply' && ids.includes(m.id)) || (m.type === 'progress' && ids.includes(m.jobId)));
    assert.deepEqual(answered, [], 'no reply or progress for any of them');
    assert.equal(emulator.requests.length, 0, 'nothing reached the API');
  });

  it('offers Set API Key when there is no key, and never sends the key to the webview', async () => {
    const failed = await ask({ type: 'generate', prompt: 'a boat', options });
    assert.equal(failed.ok, false);
    assert.deepEqual(!failed.ok && failed.error.fixes, [{ kind: 'set-api-key' }]);
    const original = vscode.window.showInputBox;
    (vscode.window as { showInputBox: InputBox }).showInputBox = () => Promise.resolve(EMULATOR_TEST_KEY);
    try {
      // The fix button: the host maps it to the Set API Key command (never a command named by the page).
      hook.deliver({ type: 'runFix', fix: { kind: 'set-api-key' } });
      await session.waitForState('a state with the key set', (state) => state.hasApiKey);
    } finally {
      (vscode.window as { showInputBox: InputBox }).showInputBox = original;
    }
    assert.ok(!JSON.stringify(hook.posted()).includes(EMULATOR_TEST_KEY));
  });

  let generatedId = '';
  const prompt = 'a paper boat on a pond';

  it('generates with streamed previews and replies with a history item (an id, a webview URI, no path)', async () => {
    const jobId = session.newId();
    hook.deliver({ type: 'generate', id: jobId, prompt, options });
    const reply = await session.waitForPost('the generated image', () => session.replyTo(jobId));
    assert.ok(reply.ok && reply.result.kind === 'images', JSON.stringify(reply).slice(0, 500));
    const [item] = reply.result.items;
    assert.ok(item);
    generatedId = item.id;
    assert.equal(item.prompt, prompt);
    assert.ok(item.src && !item.src.startsWith('file:'), `a webview URI: ${item.src}`);
    assert.equal(item.availability, 'available');
    const events = hook
      .posted()
      .filter(
        (m): m is Extract<HostToWebviewMessage, { type: 'progress' }> => m.type === 'progress' && m.jobId === jobId,
      )
      .map((m) => m.event.type);
    assert.ok(events.includes('partial'), `partial previews were posted: ${events.join(', ')}`);
    assert.ok(events.indexOf('partial') < events.indexOf('saving'));
    const generation = emulator.requests.find((r) => r.path.endsWith('/images/generations'));
    assert.equal(generation?.fields.stream, true);
    const manifest = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.imagestudio', 'manifest.json')),
    );
    assert.ok(manifest.includes(item.id));
    await session.waitForState('the history to list it', (state) => state.history.items.some((g) => g.id === item.id));
    assert.ok((latestState()?.usage.monthUsd ?? 0) > 0, 'usage shows the spend');
    assert.equal(latestState()?.recentPrompts[0], prompt);
  });

  it('inserts a link to the image at the cursor of the last text editor', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'docs', 'notes.md'));
    const editor = await vscode.window.showTextDocument(doc);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    const reply = await ask({ type: 'imageAction', action: 'insertLink', imageId: generatedId });
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.match(doc.getText(), /!\[a paper boat on a pond\]\(\.\.\/ignore\/[^)]+\.png\)/);
  });

  it('copies the prompt and the path', async () => {
    await ask({ type: 'imageAction', action: 'copyPrompt', imageId: generatedId });
    assert.equal(await vscode.env.clipboard.readText(), prompt);
    await ask({ type: 'imageAction', action: 'copyPath', imageId: generatedId });
    assert.match(await vscode.env.clipboard.readText(), /^ignore\/.+\.png$/);
  });

  it('edits an image with a mask, refusing a mask of the wrong size with the reason', async () => {
    const wrong = await ask({
      type: 'edit',
      prompt: 'make it red',
      options,
      imageId: generatedId,
      referenceIds: [],
      maskPng: onePixelPng,
    });
    assert.equal(wrong.ok, false);
    assert.match(!wrong.ok ? wrong.error.message : '', /mask is 1x1 but the first image is 1024x1024/);
    const reply = await ask(
      { type: 'edit', prompt: 'make it red', options, imageId: generatedId, referenceIds: [] },
      60_000,
    );
    assert.ok(reply.ok && reply.result.kind === 'images', JSON.stringify(reply).slice(0, 500));
    assert.equal(reply.result.items[0]?.kind, 'edit');
    assert.ok(emulator.requests.some((r) => r.path.endsWith('/images/edits') && r.status === 200));
  });

  it('edits a dropped image sent as bytes (no path), saving the result into the workspace', async () => {
    const item = (await session.history('', 30, [generatedId])).pinned.find((g) => g.id === generatedId)!;
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), item.label));
    const reply = await ask(
      {
        type: 'edit',
        prompt: 'add a moon',
        options,
        upload: { mimeType: 'image/png', b64: Buffer.from(bytes).toString('base64') },
        referenceIds: [],
      },
      60_000,
    );
    assert.ok(reply.ok && reply.result.kind === 'images', JSON.stringify(reply).slice(0, 500));
    assert.match(reply.result.items[0]?.label ?? '', /^ignore\/.+add-a-moon.+\.png$/);
    const notPng = await ask({
      type: 'edit',
      prompt: 'add a moon',
      options,
      upload: { mimeType: 'image/png', b64: Buffer.from('GIF89a not a png at all').toString('base64') },
      referenceIds: [],
    });
    assert.equal(notPng.ok, false);
    assert.match(!notPng.ok ? notPng.error.message : '', /not a valid image/);
  });

  it('reports a rate-limit wait (for the countdown) and retries after it', async () => {
    emulator.script.error(429, undefined, { path: '/images/generations', retryAfterSeconds: 1 });
    const jobId = session.newId();
    hook.deliver({ type: 'generate', id: jobId, prompt: 'a kite', options: { ...options, stream: false } });
    const reply = await session.waitForPost('the kite after the wait', () => session.replyTo(jobId));
    assert.ok(reply.ok, JSON.stringify(reply).slice(0, 300));
    const wait = hook.posted().find((m) => m.type === 'progress' && m.jobId === jobId && m.event.type === 'retry-wait');
    assert.ok(
      wait && wait.type === 'progress' && wait.event.type === 'retry-wait' && wait.event.ms >= 1000,
      'a retry-wait with the time to count down',
    );
  });

  it('cancels a running job by its id: no file, a cancelled reply', async () => {
    emulator.script.hang({ path: '/images/generations' });
    const jobId = session.newId();
    const before = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder(), 'ignore'))).length;
    hook.deliver({ type: 'generate', id: jobId, prompt: 'a slow kite', options: { ...options, stream: false } });
    await waitFor('the request to reach the API', emulator.onRequestLog, () =>
      emulator.requests.some((r) => r.fields.prompt === 'a slow kite'),
    );
    hook.deliver({ type: 'cancel', jobId });
    const reply = await session.waitForPost('the cancelled reply', () => session.replyTo(jobId));
    assert.equal(reply.ok, false);
    assert.match(!reply.ok ? reply.error.message : '', /cancel/i);
    assert.equal((await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder(), 'ignore'))).length, before);
  });

  it('refuses a request over the monthly budget with an Open Settings fix', async () => {
    await config().update('monthlyBudgetUsd', 0.001, vscode.ConfigurationTarget.Global);
    try {
      await session.waitForState('the budget in the state', (state) => state.usage.monthlyBudgetUsd === 0.001);
      const reply = await ask({ type: 'generate', prompt: 'a costly kite', options });
      assert.equal(reply.ok, false);
      assert.deepEqual(!reply.ok && reply.error.fixes, [
        { kind: 'open-settings', setting: 'imageStudio.monthlyBudgetUsd' },
      ]);
    } finally {
      await config().update('monthlyBudgetUsd', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('deletes to the trash only after the modal confirmation, and drops the history entry', async () => {
    const original = vscode.window.showWarningMessage;
    // No, then yes; and where the file system has no trash (code-server's remote one), yes to the permanent delete.
    const answers: (string | undefined)[] = [undefined, 'Move to Trash', 'Delete Permanently'];
    const asked: string[] = [];
    (vscode.window as { showWarningMessage: WarningMessage }).showWarningMessage = ((
      message: string,
      ...rest: unknown[]
    ) => {
      asked.push(`${message} modal=${JSON.stringify((rest[0] as { modal?: boolean }).modal)}`);
      return Promise.resolve(answers.shift());
    }) as WarningMessage;
    try {
      const uri =
        (await ask({ type: 'imageAction', action: 'copyPath', imageId: generatedId }),
        vscode.Uri.joinPath(folder(), await vscode.env.clipboard.readText()));
      const kept = await ask({ type: 'imageAction', action: 'delete', imageId: generatedId });
      assert.ok(kept.ok && kept.result.kind === 'done' && kept.result.message === 'Kept.');
      await vscode.workspace.fs.stat(uri);
      const deleted = await ask({ type: 'imageAction', action: 'delete', imageId: generatedId });
      assert.ok(deleted.ok, JSON.stringify(deleted));
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(uri)));
      await session.waitForState('the history without it', (state) =>
        state.history.items.every((g) => g.id !== generatedId),
      );
      assert.ok(asked.length === 2 || (asked.length === 3 && /no trash/.test(asked[2]!)), asked.join('\n'));
      for (const question of asked) assert.match(question, /modal=true/);
    } finally {
      (vscode.window as { showWarningMessage: WarningMessage }).showWarningMessage = original;
    }
  });
});
