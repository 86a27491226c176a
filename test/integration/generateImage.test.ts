import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningEmulator } from '../emulator';
import { readActivation } from './support/activationReadout';
import { useEmulatorSession } from './support/emulatorSession';
import { everyShownMessage } from './support/messageLog';
import { answerInputBoxes } from './support/windowAnswers';

describe('Generate Image (against the emulator over HTTP)', function () {
  this.timeout(60_000);
  const session = useEmulatorSession();
  let emulator: RunningEmulator;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(() => {
    emulator = session();
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
    const gitignore = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'ignore', '.gitignore')),
    );
    assert.equal(gitignore.trim(), '*');
    const generation = emulator.requests.find((r) => r.path.endsWith('/images/generations'));
    assert.equal(generation?.authorized, true);
    // The model is a resource setting: the fixture workspace chose 2.5-flare, and the request follows it.
    assert.equal(generation?.fields.model, 'gpt-image-2.5-flare');
  });

  it('loaded the openai SDK for that paid job (activation and free calls leave it out)', async () => {
    assert.deepEqual((await readActivation()).loadedNow, { workbench: true, openai: true });
  });

  it('says once, not per link, that a tracked document links a git-ignored image, and git agrees', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'docs', 'notes.md'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(
      doc.lineAt(doc.lineCount - 1).range.end,
      doc.lineAt(doc.lineCount - 1).range.end,
    );
    const restore = answerInputBoxes(['a second paper boat']);
    try {
      await vscode.commands.executeCommand('imageStudio.generateImage');
    } finally {
      restore();
    }
    const link = /!\[a second paper boat\]\((\.\.\/ignore\/[^)]+\.png)\)/.exec(doc.getText());
    assert.ok(link, 'the second link was inserted');
    // Whichever test first linked an image into this committed workspace got the notice; none since.
    const notices = everyShownMessage.filter((m) =>
      /links an image in a git-ignored folder.*\.imagestudio\/manifest\.json.*Regenerate Missing Images/.test(m),
    );
    assert.equal(notices.length, 1, `one notice in the suite: ${notices.join(' | ')}`);
    const image = path.posix.join('docs', link[1]!);
    assert.doesNotThrow(
      () => execFileSync('git', ['check-ignore', '-q', image], { cwd: folder().fsPath }),
      `${image} is git-ignored`,
    );
    assert.throws(
      () => execFileSync('git', ['check-ignore', '-q', '.imagestudio/manifest.json'], { cwd: folder().fsPath }),
      'the manifest is not ignored: it is meant to be committed',
    );
  });

  it('ignores a base URL set by the workspace: the key only goes to the user-configured endpoint', async () => {
    const inspect = config().inspect<string>('baseUrl');
    assert.equal(inspect?.globalValue, emulator.baseUrl);
    // The fixture workspace has no baseUrl; a repository that sets one must not be obeyed (application scope).
    assert.equal(inspect?.workspaceValue, undefined);
  });
});
