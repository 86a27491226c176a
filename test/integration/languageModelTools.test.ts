import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RunningEmulator } from '../emulator';
import type { ImageStudioApi } from '../../src/extension';
import { useEmulatorSession } from './support/emulatorSession';
import { filesUnder, userDataDir } from './support/hostFiles';

const names = {
  generate: 'imageStudio_generateImage',
  edit: 'imageStudio_editImage',
  list: 'imageStudio_listImages',
  estimate: 'imageStudio_estimateImageCost',
} as const;

/** Calls a tool as an agent would, outside a chat (no invocation token). */
function invoke(name: string, input: object): Thenable<vscode.LanguageModelToolResult> {
  return vscode.lm.invokeTool(
    name,
    { input, toolInvocationToken: undefined },
    new vscode.CancellationTokenSource().token,
  );
}

function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content
    .filter((part): part is vscode.LanguageModelTextPart => part instanceof vscode.LanguageModelTextPart)
    .map((part) => part.value)
    .join('\n');
}

function dataParts(result: vscode.LanguageModelToolResult): vscode.LanguageModelDataPart[] {
  return result.content.filter(
    (part): part is vscode.LanguageModelDataPart => part instanceof vscode.LanguageModelDataPart,
  );
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): [number, number] {
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

interface Marked {
  prompt?: string;
  promptPreview?: string;
  file?: string;
  inputFiles?: string[];
  agent?: { via: string; tool: string };
}

describe('Language-model tools through vscode.lm.invokeTool (against the emulator over HTTP)', function () {
  this.timeout(60_000);
  const session = useEmulatorSession();
  let emulator: RunningEmulator;
  let api: ImageStudioApi;
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  const manifest = async (): Promise<Marked[]> =>
    (
      JSON.parse(
        new TextDecoder().decode(
          await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.imagestudio', 'manifest.json')),
        ),
      ) as { images: Marked[] }
    ).images;
  const ledger = (): Marked[] =>
    filesUnder(userDataDir() ?? '')
      .filter((file) => /usage-\d{4}-\d{2}\.jsonl$/.test(file))
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as Marked);
  let generated = '';

  before(async () => {
    api = await vscode.extensions.getExtension<ImageStudioApi>('image-studio-dev.image-studio')!.activate();
    emulator = session();
  });

  it('offers the four tools, with their #names and input schemas', () => {
    const tools = vscode.lm.tools.filter((tool) => tool.name.startsWith('imageStudio_'));
    assert.deepEqual(tools.map((tool) => tool.name).sort(), Object.values(names).sort());
    const generate = tools.find((tool) => tool.name === names.generate);
    assert.deepEqual((generate?.inputSchema as { required?: string[] }).required, ['prompt']);
  });

  it('generate image: saved, linked from the document, a small PNG for the model, in manifest and ledger', async () => {
    const before = emulator.requests.length;
    const result = await invoke(names.generate, {
      prompt: 'a kite over the dunes',
      size: '1536x1024',
      document: 'docs/notes.md',
    });
    const text = textOf(result);
    const saved = /^Saved: (ignore\/[^\s]+\.png)$/m.exec(text)?.[1];
    assert.ok(saved, text);
    generated = saved;
    assert.match(text, new RegExp(`^Markdown link: !\\[a kite over the dunes\\]\\(\\.\\./${saved}\\)$`, 'm'));
    assert.match(text, /^The links are relative to docs\/notes\.md\.$/m);
    assert.match(text, /^Cost: \$0\.\d+ \(request req_[0-9a-f]+\)\.$/m);
    const file = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), saved));
    assert.deepEqual(pngSize(file), [1536, 1024]);
    const [image, ...more] = dataParts(result);
    assert.equal(more.length, 0);
    assert.equal(image?.mimeType, 'image/png');
    assert.deepEqual(pngSize(image.data), [768, 512], 'the model sees a copy of at most 768 px a side');
    assert.equal(emulator.requests.length, before + 1);
    assert.notEqual(String(emulator.requests.at(-1)?.fields.stream), 'true', 'no previews are streamed into a chat');
    const agent = { via: 'copilot', tool: names.generate };
    const entry = (await manifest()).find((e) => e.file === saved);
    assert.deepEqual(entry?.agent, agent);
    const line = ledger().find((l) => l.promptPreview === 'a kite over the dunes');
    assert.deepEqual(line?.agent, agent);
  });

  it('edit image: edits a workspace image into a new file, recorded with its input and the agent', async () => {
    const result = await invoke(names.edit, { image: generated, prompt: 'add a red kite string' });
    const text = textOf(result);
    const saved = /^Saved: (ignore\/[^\s]+\.png)$/m.exec(text)?.[1];
    assert.ok(saved && saved !== generated, text);
    assert.match(text, new RegExp(`^Markdown link: !\\[add a red kite string\\]\\(${saved}\\)$`, 'm'));
    assert.equal(dataParts(result)[0]?.mimeType, 'image/png');
    assert.ok(emulator.requests.at(-1)?.path.endsWith('/images/edits'));
    const entry = (await manifest()).find((e) => e.file === saved);
    assert.deepEqual(entry?.inputFiles, [generated]);
    assert.deepEqual(entry?.agent, { via: 'copilot', tool: names.edit });
    assert.ok(ledger().some((l) => l.agent?.tool === names.edit));
  });

  it('list images and estimate cost answer from the files, with no API call', async () => {
    const before = emulator.requests.length;
    const list = textOf(await invoke(names.list, { limit: 2 }));
    assert.match(list, /images? in \.imagestudio\/manifest\.json, newest first/);
    const edit = list.indexOf('prompt: "add a red kite string"');
    assert.ok(edit >= 0 && edit < list.indexOf(`- ${generated} `), `the edit is listed first: ${list}`);
    const estimate = textOf(await invoke(names.estimate, { prompt: 'a kite', quality: 'high', size: '1024x1024' }));
    assert.match(estimate, /^Estimated cost: up to \$0\.\d+ for 1 image \(generate, .*quality high\)\.$/m);
    assert.match(estimate, /^Spent this month: \$\d/m);
    assert.equal(emulator.requests.length, before);
  });

  it('refuses a generation over the monthly budget before sending it', async () => {
    const before = emulator.requests.length;
    await config().update('monthlyBudgetUsd', 0.0001, vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(
        Promise.resolve(invoke(names.generate, { prompt: 'an unaffordable kite' })),
        (err: Error) => {
          assert.match(err.message, /over your cap of <\$0\.001 set in imageStudio\.monthlyBudgetUsd/);
          return true;
        },
      );
    } finally {
      await config().update('monthlyBudgetUsd', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(emulator.requests.length, before, 'nothing was sent');
  });

  it('refuses a document outside the workspace, in words, sending nothing', async () => {
    const before = emulator.requests.length;
    await assert.rejects(
      Promise.resolve(invoke(names.generate, { prompt: 'a kite', document: '../elsewhere.md' })),
      /"\.\.\/elsewhere\.md" is not a file inside the workspace/,
    );
    await assert.rejects(Promise.resolve(invoke(names.generate, { prompt: 'a kite', size: 'big' })), /size: use auto/);
    assert.equal(emulator.requests.length, before);
  });

  it('above the confirmation threshold, the confirmation shows the prompt, the options and the cost', async () => {
    const tool = api.languageModelToolsTestHook?.()[names.generate];
    assert.ok(tool?.prepareInvocation, 'the test hook offers the registered tool');
    const token = new vscode.CancellationTokenSource().token;
    const input = { prompt: 'a *bold* kite', quality: 'high', size: '1024x1024' };
    const below = await tool.prepareInvocation({ input }, token);
    assert.equal(below?.confirmationMessages, undefined, 'below the threshold it asks nothing, as the commands');
    await config().update('confirmAboveUsd', 0.01, vscode.ConfigurationTarget.Global);
    try {
      const prepared = await tool.prepareInvocation({ input }, token);
      assert.equal(prepared?.invocationMessage, 'Generating 1 image…');
      assert.match(String(prepared?.confirmationMessages?.title), /^Generate 1 image for up to \$0\.\d+\?$/);
      const message = prepared?.confirmationMessages?.message;
      const body = typeof message === 'string' ? message : (message?.value ?? '');
      assert.match(body, /^> a \\\*bold\\\* kite$/m);
      assert.match(body, /Size: 1024x1024, quality: high/);
      assert.match(body, /\*\*Estimated cost: up to \$0\.\d+\.\*\* Spent this month: \$/);
    } finally {
      await config().update('confirmAboveUsd', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
