import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';
import { answerInputBoxes } from './emulatorSetup';

describe('Generate Image (against the emulator over HTTP)', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    emulator = await startEmulator({ latencyScale: 0 });
    await config().update('baseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('quality', 'low', vscode.ConfigurationTarget.Global);
    const restore = answerInputBoxes([EMULATOR_TEST_KEY]);
    try { await vscode.commands.executeCommand('imageStudio.setApiKey'); } finally { restore(); }
  });

  after(async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('quality', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('imageStudio.clearApiKey');
    await emulator.close();
  });

  it('saves the image in the git-ignored output folder and inserts a link relative to the document', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'docs', 'notes.md'));
    const editor = await vscode.window.showTextDocument(doc);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    const restore = answerInputBoxes(['a paper boat on a pond, $1 ${TM_FILENAME} }']);
    try {
      await vscode.commands.executeCommand('imageStudio.generateImage');
    } finally {
      restore();
    }
    const text = doc.getText();
    const match = /!\[a paper boat on a pond, \$1 \$\{TM\\?_FILENAME\} \}\]\((\.\.\/ignore\/[^)]+\.png)\)/.exec(text);
    assert.ok(match, `a link to the image was inserted verbatim: ${text}`);
    const imageUri = vscode.Uri.joinPath(folder(), 'docs', match[1]!);
    const bytes = await vscode.workspace.fs.readFile(imageUri);
    assert.deepEqual([...bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'the link resolves from the document to a PNG');
    assert.equal(path.posix.dirname(imageUri.path), vscode.Uri.joinPath(folder(), 'ignore').path);
    const gitignore = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'ignore', '.gitignore')));
    assert.equal(gitignore.trim(), '*');
    const generation = emulator.requests.find((r) => r.path.endsWith('/images/generations'));
    assert.equal(generation?.authorized, true);
    // The model is a resource setting: the fixture workspace chose 2.5-flare, and the request follows it.
    assert.equal(generation?.fields.model, 'gpt-image-2.5-flare');
  });

  it('ignores a base URL set by the workspace: the key only goes to the user-configured endpoint', async () => {
    const inspect = config().inspect<string>('baseUrl');
    assert.equal(inspect?.globalValue, emulator.baseUrl);
    // The fixture workspace has no baseUrl; a repository that sets one must not be obeyed (application scope).
    assert.equal(inspect?.workspaceValue, undefined);
  });
});
