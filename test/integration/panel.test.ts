import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ImageStudioApi } from '../../src/extension';
import type { PanelTestHook } from '../../src/panel/panelTestHook';
import type { HostToWebviewMessage, ReplyMessage, StateMessage } from '../../src/protocol/messages';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';

const extensionId = 'image-studio-dev.image-studio';
const options = { model: 'gpt-image-2', size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png', outputCompression: null, n: 1, stream: true } as const;
// The real page numbers its own requests from 1; these stay clear of them.
let nextId = 1_000_000;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A 1x1 transparent PNG: valid base64 PNG, but the wrong size for a 1024x1024 image. */
const onePixelPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

type InputBox = typeof vscode.window.showInputBox;
type WarningMessage = typeof vscode.window.showWarningMessage;

describe('the panel (real webview view in the extension host)', function () {
  this.timeout(90_000);
  let hook: PanelTestHook;
  let emulator: RunningEmulator;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  function replyTo(id: number): ReplyMessage | undefined {
    return hook.posted().find((m): m is ReplyMessage => m.type === 'reply' && m.id === id);
  }
  function latestState(): StateMessage | undefined {
    return hook.posted().filter((m): m is StateMessage => m.type === 'state').at(-1);
  }
  async function ask(message: Record<string, unknown>, timeoutMs = 30_000): Promise<ReplyMessage> {
    const id = nextId++;
    hook.deliver({ ...message, id });
    return until(`the reply to ${String(message.type)}`, () => replyTo(id), timeoutMs);
  }

  before(async () => {
    const extension = vscode.extensions.getExtension<ImageStudioApi>(extensionId);
    const api = await extension!.activate();
    assert.ok(api.panelTestHook, 'the test hook exists in test mode');
    hook = api.panelTestHook();
    emulator = await startEmulator({ latencyScale: 0 });
    await config().update('baseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Global);
    // The suite makes more than 5 calls a minute; pacing is an application setting (user settings only).
    await config().update('imagesPerMinute', 100, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('imageStudio.openPanel');
    // The real page loads, attaches its listener and says ready; only then does the host post.
    await until('the webview to say ready', () => hook.isReady(), 60_000);
    await until('the first state', () => latestState());
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
    assert.deepEqual(webviewOptions.localResourceRoots, [vscode.Uri.joinPath(extensionUri, 'dist').toString(), vscode.Uri.joinPath(folder(), 'ignore').toString()]);
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
    const before = hook.posted().length;
    const droppedBefore = hook.dropped().length;
    hook.deliver({ type: 'runCommand', command: 'workbench.action.terminal.new', id: 5 });
    hook.deliver({ type: 'imageAction', id: nextId, action: 'open', imageId: '../../../etc/passwd' });
    hook.deliver({ type: 'estimate', id: nextId + 1, prompt: 'x', options: { ...options, n: 99 } });
    hook.deliver('ready');
    hook.deliver({ type: 'generate', id: nextId + 2, prompt: 'x'.repeat(40_000), options });
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(hook.dropped().slice(droppedBefore), ['runCommand', 'imageAction', 'estimate', 'string', 'generate']);
    assert.equal(hook.posted().length, before, 'no reply or state was posted');
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
      await until('a state with the key set', () => latestState()?.hasApiKey);
    } finally {
      (vscode.window as { showInputBox: InputBox }).showInputBox = original;
    }
    assert.ok(!JSON.stringify(hook.posted()).includes(EMULATOR_TEST_KEY));
  });

  let generatedId = '';
  const prompt = 'a paper boat on a pond';

  it('generates with streamed previews and answers with the image as a history item (an id and a webview URI, no path)', async () => {
    const jobId = nextId;
    const reply = await ask({ type: 'generate', prompt, options });
    assert.ok(reply.ok && reply.result.kind === 'images', JSON.stringify(reply).slice(0, 500));
    const [item] = reply.result.items;
    assert.ok(item);
    generatedId = item.id;
    assert.equal(item.prompt, prompt);
    assert.ok(item.src && !item.src.startsWith('file:'), `a webview URI: ${item.src}`);
    const events = hook.posted().filter((m): m is Extract<HostToWebviewMessage, { type: 'progress' }> => m.type === 'progress' && m.jobId === jobId).map((m) => m.event.type);
    assert.ok(events.includes('partial'), `partial previews were posted: ${events.join(', ')}`);
    assert.ok(events.indexOf('partial') < events.indexOf('saving'));
    const generation = emulator.requests.find((r) => r.path.endsWith('/images/generations'));
    assert.equal(generation?.fields.stream, true);
    const manifest = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.imagestudio', 'manifest.json')));
    assert.ok(manifest.includes(item.id));
    await until('the history to list it', () => latestState()?.history.items.some((g) => g.id === item.id));
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
    const wrong = await ask({ type: 'edit', prompt: 'make it red', options, imageId: generatedId, referenceIds: [], maskPng: onePixelPng });
    assert.equal(wrong.ok, false);
    assert.match(!wrong.ok ? wrong.error.message : '', /mask is 1x1 but the first image is 1024x1024/);
    const reply = await ask({ type: 'edit', prompt: 'make it red', options, imageId: generatedId, referenceIds: [] }, 60_000);
    assert.ok(reply.ok && reply.result.kind === 'images', JSON.stringify(reply).slice(0, 500));
    assert.equal(reply.result.items[0]?.kind, 'edit');
    assert.ok(emulator.requests.some((r) => r.path.endsWith('/images/edits') && r.status === 200));
  });

  it('edits a dropped image sent as bytes (no path), saving the result into the workspace', async () => {
    const item = latestState()!.history.items.find((g) => g.id === generatedId)!;
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), item.label));
    const reply = await ask({ type: 'edit', prompt: 'add a moon', options, upload: { mimeType: 'image/png', b64: Buffer.from(bytes).toString('base64') }, referenceIds: [] }, 60_000);
    assert.ok(reply.ok && reply.result.kind === 'images', JSON.stringify(reply).slice(0, 500));
    assert.match(reply.result.items[0]?.label ?? '', /^ignore\/.+add-a-moon.+\.png$/);
    const notPng = await ask({ type: 'edit', prompt: 'add a moon', options, upload: { mimeType: 'image/png', b64: Buffer.from('GIF89a not a png at all').toString('base64') }, referenceIds: [] });
    assert.equal(notPng.ok, false);
    assert.match(!notPng.ok ? notPng.error.message : '', /not a valid image/);
  });

  it('reports a rate-limit wait (for the countdown) and retries after it', async () => {
    emulator.script.error(429, undefined, { path: '/images/generations', retryAfterSeconds: 1 });
    const jobId = nextId;
    const reply = await ask({ type: 'generate', prompt: 'a kite', options: { ...options, stream: false } });
    assert.ok(reply.ok, JSON.stringify(reply).slice(0, 300));
    const wait = hook.posted().find((m) => m.type === 'progress' && m.jobId === jobId && m.event.type === 'retry-wait');
    assert.ok(wait && wait.type === 'progress' && wait.event.type === 'retry-wait' && wait.event.ms >= 1000, 'a retry-wait with the time to count down');
  });

  it('cancels a running job by its id: no file, a cancelled reply', async () => {
    emulator.script.hang({ path: '/images/generations' });
    const jobId = nextId++;
    const before = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder(), 'ignore'))).length;
    hook.deliver({ type: 'generate', id: jobId, prompt: 'a slow kite', options: { ...options, stream: false } });
    await until('the request to reach the API', () => emulator.requests.some((r) => r.fields.prompt === 'a slow kite'));
    hook.deliver({ type: 'cancel', jobId });
    const reply = await until('the cancelled reply', () => replyTo(jobId));
    assert.equal(reply.ok, false);
    assert.match(!reply.ok ? reply.error.message : '', /cancel/i);
    assert.equal((await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder(), 'ignore'))).length, before);
  });

  it('refuses a request over the monthly budget with an Open Settings fix', async () => {
    await config().update('monthlyBudgetUsd', 0.001, vscode.ConfigurationTarget.Global);
    try {
      await until('the budget in the state', () => latestState()?.usage.monthlyBudgetUsd === 0.001);
      const reply = await ask({ type: 'generate', prompt: 'a costly kite', options });
      assert.equal(reply.ok, false);
      assert.deepEqual(!reply.ok && reply.error.fixes, [{ kind: 'open-settings', setting: 'imageStudio.monthlyBudgetUsd' }]);
    } finally {
      await config().update('monthlyBudgetUsd', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('deletes to the trash only after the modal confirmation, and drops the history entry', async () => {
    const original = vscode.window.showWarningMessage;
    // No, then yes; and where the file system has no trash (code-server's remote one), yes to the permanent delete.
    const answers: (string | undefined)[] = [undefined, 'Move to Trash', 'Delete Permanently'];
    const asked: string[] = [];
    (vscode.window as { showWarningMessage: WarningMessage }).showWarningMessage = ((message: string, ...rest: unknown[]) => {
      asked.push(`${message} modal=${JSON.stringify((rest[0] as { modal?: boolean }).modal)}`);
      return Promise.resolve(answers.shift());
    }) as WarningMessage;
    try {
      const uri = (await ask({ type: 'imageAction', action: 'copyPath', imageId: generatedId }), vscode.Uri.joinPath(folder(), await vscode.env.clipboard.readText()));
      const kept = await ask({ type: 'imageAction', action: 'delete', imageId: generatedId });
      assert.ok(kept.ok && kept.result.kind === 'done' && kept.result.message === 'Kept.');
      await vscode.workspace.fs.stat(uri);
      const deleted = await ask({ type: 'imageAction', action: 'delete', imageId: generatedId });
      assert.ok(deleted.ok, JSON.stringify(deleted));
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(uri)));
      await until('the history without it', () => latestState()?.history.items.every((g) => g.id !== generatedId));
      assert.ok(asked.length === 2 || (asked.length === 3 && /no trash/.test(asked[2]!)), asked.join('\n'));
      for (const question of asked) assert.match(question, /modal=true/);
    } finally {
      (vscode.window as { showWarningMessage: WarningMessage }).showWarningMessage = original;
    }
  });
});
