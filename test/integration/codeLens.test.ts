import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { useEmulatorSession } from './support/emulatorSession';
import { linkedPng } from './support/linkedImage';
import { recordMessages } from './support/windowAnswers';

const ours = new Set(['imageStudio.generateFromComment', 'imageStudio.openImage']);

async function lensesOf(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
  return all.filter((lens) => lens.command && ours.has(lens.command.command));
}

function titles(lenses: readonly vscode.CodeLens[]): string[] {
  return lenses.map((lens) => `${lens.range.start.line}:${lens.command!.title}`);
}

async function run(lens: vscode.CodeLens): Promise<void> {
  await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
}

function linkPath(line: string): string {
  const match = /!\[[^\]]*\]\(([^)]+)\)/.exec(line);
  assert.ok(match, `a link: ${JSON.stringify(line)}`);
  return match[1]!;
}

describe('CodeLens above image: comments (against the emulator over HTTP)', function () {
  this.timeout(60_000);
  const emulator = useEmulatorSession();
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const open = async (file: string) => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'src', 'lens', file));
    await vscode.window.showTextDocument(document);
    return document;
  };

  it('Generate links the image; Regenerate saves a new file, keeps the old, relinks; Open opens it', async () => {
    const document = await open('lighthouse.ts');
    assert.deepEqual(titles(await lensesOf(document)), ['1:$(sparkle) Generate Image']);

    const [generate] = await lensesOf(document);
    await run(generate!);
    const firstLine = document.lineAt(2).text;
    assert.match(
      firstLine,
      /^ {4}\/\/ !\[a lighthouse on a cliff in a storm, lens test\]\(\.\.\/\.\.\/ignore\/[^)]+\.png\)$/,
    );
    const first = await linkedPng(document, linkPath(firstLine));
    assert.deepEqual([...first.bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal(document.lineAt(3).text, 'export const light = true;', 'the code after the comment is untouched');

    const linked = await lensesOf(document);
    assert.deepEqual(titles(linked), ['1:$(sync) Regenerate Image', '1:$(file-media) Open Image']);
    for (const lens of linked)
      assert.ok(!JSON.stringify(lens.command!.arguments).includes('sk-'), 'no key in lens arguments');

    const generationsBefore = emulator().requests.filter((r) => r.path.endsWith('/images/generations')).length;
    await run(linked[0]!);
    const generationsAfter = emulator().requests.filter((r) => r.path.endsWith('/images/generations')).length;
    assert.equal(
      generationsAfter,
      generationsBefore + 1,
      'Regenerate sends a new request even though the cache holds this prompt',
    );
    const secondLine = document.lineAt(2).text;
    assert.notEqual(secondLine, firstLine, 'the link now points to the new image');
    assert.equal(document.lineAt(3).text, 'export const light = true;', 'the link was replaced, not added');
    const second = await linkedPng(document, linkPath(secondLine));
    assert.notEqual(second.uri.path, first.uri.path, 'a new file');
    assert.deepEqual([...second.bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.deepEqual(await vscode.workspace.fs.readFile(first.uri), first.bytes, 'the old image is kept as it was');

    const [, openLens] = await lensesOf(document);
    await run(openLens!);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const input = tab?.input;
    assert.ok(
      input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText,
      `an editor tab opened: ${tab?.label}`,
    );
    assert.equal(input.uri.path, second.uri.path, 'Open shows the linked image');
  });

  it('a Python docstring gets Generate, and the link goes under it as an indented # comment', async () => {
    const document = await open('orchard.py');
    const lenses = await lensesOf(document);
    assert.deepEqual(titles(lenses), ['1:$(sparkle) Generate Image']);
    await run(lenses[0]!);
    const line = document.lineAt(2).text;
    assert.match(line, /^ {4}# !\[an apple orchard in autumn, lens docstring\]\(\.\.\/\.\.\/ignore\/[^)]+\.png\)$/);
    assert.deepEqual([...(await linkedPng(document, linkPath(line))).bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal(document.lineAt(3).text, '    return 1');
  });

  it('a link to a missing image offers Generate (not Open), and generating replaces the broken link', async () => {
    const document = await open('stale.md');
    const lenses = await lensesOf(document);
    assert.deepEqual(titles(lenses), ['2:$(sparkle) Generate Image']);
    const lineCount = document.lineCount;
    await run(lenses[0]!);
    assert.equal(document.lineCount, lineCount);
    const line = document.lineAt(3).text;
    assert.match(line, /^!\[a teapot on a windowsill, stale link\]\(\.\.\/\.\.\/ignore\/[^)]+\.png\)$/);
    assert.deepEqual([...(await linkedPng(document, linkPath(line))).bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('imageStudio.codeLens = false hides the lenses', async () => {
    const document = await open('orchard.py');
    const config = vscode.workspace.getConfiguration('imageStudio', document.uri);
    await config.update('codeLens', false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.deepEqual(titles(await lensesOf(document)), []);
    } finally {
      await config.update('codeLens', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.ok((await lensesOf(document)).length > 0);
  });

  it('refuses arguments that do not name an image: comment, with a clear error and no request', async () => {
    const document = await open('orchard.py');
    const requestsBefore = emulator().requests.length;
    const errors = await recordMessages('showErrorMessage', async () => {
      await vscode.commands.executeCommand('imageStudio.generateFromComment', { prompt: 'injected' });
      await vscode.commands.executeCommand('imageStudio.generateFromComment', document.uri.toString(), 0);
    });
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /runs from the Generate, Regenerate and Open links above `image:` comments/);
    assert.match(errors[1]!, /There is no `image:` comment on line 1 of src\/lens\/orchard\.py/);
    assert.equal(emulator().requests.length, requestsBefore);
  });
});
