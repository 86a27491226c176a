import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { startEmulator, type RunningEmulator } from '../emulator';
import { waitFor } from '../support/waitFor';
import { useEmulatorSession } from './support/emulatorSession';
import { answerEveryMessage, answerInputBoxes } from './support/windowAnswers';

/** What happens to the link when the person keeps working while the image renders (a slow emulator). */
describe('the link when the document changes while the image renders', function () {
  this.timeout(60_000);
  useEmulatorSession();
  let slow: RunningEmulator;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    slow = await startEmulator({ latencyScale: 0.15 });
    await config().update('baseUrl', slow.baseUrl, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    // The session's own emulator is put back by its after(); only the URL needs resetting for it.
    await slow.close();
  });

  /** Starts Generate Image at the end of a fresh markdown file and resolves once the request reached the API. */
  async function startGenerating(
    prompt: string,
    name: string,
  ): Promise<{ doc: vscode.TextDocument; done: Thenable<unknown>; restore: () => void }> {
    const uri = vscode.Uri.joinPath(folder(), 'docs', name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Notes\n\nThe boat:'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.lineAt(2).range.end, doc.lineAt(2).range.end);
    const restoreInput = answerInputBoxes([prompt]);
    const before = slow.requests.length;
    const done = vscode.commands.executeCommand('imageStudio.generateImage');
    await waitFor('the request to reach the API', slow.onRequestLog, () => slow.requests.length > before);
    return { doc, done, restore: restoreInput };
  }

  it('moves with text the person adds above and before the cursor meanwhile', async () => {
    const { doc, done, restore } = await startGenerating('a boat that waits', 'moving.md');
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), 'Added while rendering.\n\n');
      edit.insert(doc.uri, new vscode.Position(2, 0), 'Also: ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await done;
    } finally {
      restore();
    }
    assert.match(
      doc.getText(),
      /^Added while rendering\.\n\n# Notes\n\nAlso: The boat:!\[a boat that waits\]\(\.\.\/ignore\/[^)]+\.png\)$/,
    );
  });

  it('offers the link instead of editing a document the person closed meanwhile, and the image is saved', async () => {
    const messages = answerEveryMessage((m) => (m.items.includes('Copy Link') ? 'Copy Link' : undefined));
    const { doc, done, restore } = await startGenerating('a boat nobody waits for', 'closed.md');
    try {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await done;
    } finally {
      restore();
      messages.restore();
    }
    const offer = messages.shown.find((m) => m.items.includes('Copy Link'));
    assert.match(
      offer?.message ?? '',
      /docs\/closed\.md was closed while the image was made, so the link was not inserted\. The image is saved\./,
    );
    assert.ok(offer?.items.includes('Open and Insert'));
    const link = await vscode.env.clipboard.readText();
    const match = /^!\[a boat nobody waits for\]\((\.\.\/ignore\/[^)]+\.png)\)$/.exec(link);
    assert.ok(match, `the link is on the clipboard: ${link}`);
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(doc.uri, '..', match[1]!));
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
    assert.equal(onDisk, '# Notes\n\nThe boat:', 'the closed file was not changed');
  });
});
