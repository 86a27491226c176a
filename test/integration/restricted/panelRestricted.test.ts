import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { useEmulatorSession } from '../support/emulatorSession';
import { manifestEntry } from '../support/manifestFixture';
import { openPanelSession, type PanelSession } from '../support/panelSession';
import { answerEveryMessage } from '../support/windowAnswers';
import { panelOptions } from '../../support/panelOptions';

const options = { ...panelOptions, stream: false } as const;

/**
 * The panel's writing and paying actions in an untrusted workspace: refused like the commands, through the real page's
 * path.
 */
describe('Restricted Mode: the panel', function () {
  this.timeout(90_000);
  // With a key, so a refusal can only come from the trust gate.
  const emulator = useEmulatorSession();
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const manifest = () => vscode.Uri.joinPath(folder(), '.imagestudio', 'manifest.json');
  // The sample workspace's own picture, recorded as a generated image: no output folder is made for it.
  const entry = manifestEntry(1, {
    id: 'restrictedphoto',
    file: 'images/photo.png',
    prompt: 'a photo kept in Restricted Mode',
  });
  let session: PanelSession;
  let manifestBytes: Uint8Array;
  let photoBytes: Uint8Array;

  before(async () => {
    manifestBytes = new TextEncoder().encode(`${JSON.stringify({ version: 1, images: [entry] }, null, 2)}\n`);
    await vscode.workspace.fs.writeFile(manifest(), manifestBytes);
    photoBytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), entry.file));
    session = await openPanelSession();
    await session.waitForState('the history to list the image', (state) =>
      state.history.items.some((item) => item.id === entry.id),
    );
  });
  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), '.imagestudio'), {
      recursive: true,
      useTrash: false,
    });
  });

  it('says the workspace is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(session.latestState()?.trusted, false);
  });

  it('refuses delete, insert link, regenerate and edit: no prompt shown, nothing written, no request', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'docs', 'notes.md'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.lineAt(0).range.end, doc.lineAt(0).range.end);
    const textBefore = doc.getText();
    const messages = answerEveryMessage(() => 'Move to Trash');
    let postedBeforeLast = 0;
    try {
      const refusals = [
        [
          { type: 'imageAction', action: 'delete', imageId: entry.id },
          /^Deleting images is disabled in Restricted Mode/,
        ],
        [
          { type: 'imageAction', action: 'insertLink', imageId: entry.id },
          /^Inserting image links is disabled in Restricted Mode/,
        ],
        // Regenerate in the panel sends the image's prompt and options as a generate.
        [{ type: 'generate', prompt: entry.prompt, options }, /^Generating images is disabled in Restricted Mode/],
        [
          { type: 'edit', prompt: 'make it red', options, imageId: entry.id, referenceIds: [] },
          /^Editing images is disabled in Restricted Mode/,
        ],
        [
          {
            type: 'edit',
            prompt: 'make it red',
            options,
            upload: { mimeType: 'image/png', b64: Buffer.from(photoBytes).toString('base64') },
            referenceIds: [],
          },
          /^Editing images is disabled in Restricted Mode/,
        ],
      ] as const;
      for (const [message, refusal] of refusals) {
        postedBeforeLast = session.hook.posted().length;
        const reply = await session.ask(message);
        assert.equal(reply.ok, false, JSON.stringify(message).slice(0, 100));
        assert.match(!reply.ok ? reply.error.message : '', refusal);
        assert.deepEqual(!reply.ok && reply.error.fixes, [{ kind: 'manage-workspace-trust' }]);
      }
    } finally {
      messages.restore();
    }
    assert.deepEqual(messages.shown, [], 'no confirmation was even asked');
    // Each job ends with a state push; the refused ones did not even remember their prompts.
    const after = await session.waitForPost('the state after the last refusal', (posted) =>
      posted.slice(postedBeforeLast).find((m) => m.type === 'state'),
    );
    assert.ok(
      after.type === 'state' &&
        !after.recentPrompts.includes(entry.prompt) &&
        !after.recentPrompts.includes('make it red'),
      JSON.stringify(after.type === 'state' && after.recentPrompts),
    );
    assert.equal(emulator().requests.length, 0, 'no request reached the API');
    assert.equal(doc.getText(), textBefore, 'the document is unchanged');
    assert.equal(doc.isDirty, false);
    assert.deepEqual(
      new Uint8Array(await vscode.workspace.fs.readFile(manifest())),
      manifestBytes,
      'the manifest is unchanged',
    );
    assert.deepEqual(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), entry.file)),
      photoBytes,
      'the image is still there',
    );
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder(), 'ignore'))),
      'no output folder was created',
    );
  });

  it('still answers what only reads: the history, an estimate, the prompt to copy', async () => {
    assert.equal((await session.history()).items[0]?.id, entry.id);
    const estimate = await session.ask({ type: 'estimate', prompt: 'a boat', options });
    assert.ok(estimate.ok, JSON.stringify(estimate));
    const copied = await session.ask({ type: 'imageAction', action: 'copyPrompt', imageId: entry.id });
    assert.ok(copied.ok, JSON.stringify(copied));
  });
});
