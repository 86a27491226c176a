import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { regenerateLabel } from '../../src/commands/regenerateMissing';
import { useEmulatorSession } from './support/emulatorSession';
import { answerInputBoxes, answerMessages, answerWindow, withAnswers } from './support/windowAnswers';

interface ManifestFile {
  images: { id: string; file: string; prompt: string }[];
}

/** Answers the confirmation with Regenerate, recording its message and its detail. */
function answerConfirmation(shown: { message: string; detail: string }[]): () => void {
  return answerWindow('showWarningMessage', (message, options) => {
    shown.push({
      message: String(message),
      detail: String((options as { detail?: string } | undefined)?.detail ?? ''),
    });
    return regenerateLabel;
  });
}

describe('Regenerate Missing Images (against the emulator over HTTP)', function () {
  this.timeout(60_000);
  const emulator = useEmulatorSession();
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const manifest = async () =>
    JSON.parse(
      new TextDecoder().decode(
        await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.imagestudio', 'manifest.json')),
      ),
    ) as ManifestFile;

  before(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('confirms the count and cost, then remakes a deleted image at its path from its recorded prompt', async () => {
    const prompt = 'a weathervane shaped like a fish';
    await withAnswers([answerInputBoxes([prompt])], () => vscode.commands.executeCommand('imageStudio.generateImage'));
    const entry = (await manifest()).images.find((e) => e.prompt === prompt);
    assert.ok(entry, 'the generated image is in the manifest');
    const image = vscode.Uri.joinPath(folder(), entry.file);
    await vscode.workspace.fs.delete(image);
    const before = emulator().requests.length;

    const warnings: { message: string; detail: string }[] = [];
    const infos: string[] = [];
    await withAnswers([answerConfirmation(warnings), answerMessages('showInformationMessage', infos)], () =>
      vscode.commands.executeCommand('imageStudio.regenerateMissing'),
    );

    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /^Regenerate 1 missing image\? Estimated cost \$\d+\.\d+\.$/);
    assert.match(
      warnings[0]!.detail,
      /\n\nWrites to:\n• ignore \(the output folder\)$/,
      'the confirmation names the folder it writes to',
    );
    const bytes = await vscode.workspace.fs.readFile(image);
    assert.deepEqual([...bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'the image is back at its recorded path');
    assert.equal(emulator().requests.length, before + 1);
    assert.equal(emulator().requests.at(-1)?.fields['prompt'], prompt);
    assert.deepEqual(
      (await manifest()).images.filter((e) => e.prompt === prompt).map((e) => [e.id, e.file]),
      [[entry.id, entry.file]],
      'the entry is updated, not duplicated',
    );
    assert.ok(
      infos.some((m) => /regenerated 1 image/.test(m)),
      infos.join('\n'),
    );
  });

  it('says so, and asks nothing, when no image is missing', async () => {
    const before = emulator().requests.length;
    const warnings: string[] = [];
    const infos: string[] = [];
    await withAnswers(
      [
        answerMessages('showWarningMessage', warnings, () => regenerateLabel),
        answerMessages('showInformationMessage', infos),
      ],
      () => vscode.commands.executeCommand('imageStudio.regenerateMissing'),
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(infos, ['Image Studio: no images are missing. Every image in the manifest is in place.']);
    assert.equal(emulator().requests.length, before);
  });

  it('writes only into the output folder or a folder it creates, listing an entry elsewhere as skipped', async () => {
    const manifestUri = vscode.Uri.joinPath(folder(), '.imagestudio', 'manifest.json');
    const original = await vscode.workspace.fs.readFile(manifestUri);
    const prompt = 'a kite caught in a chimney';
    await withAnswers([answerInputBoxes([prompt])], () => vscode.commands.executeCommand('imageStudio.generateImage'));
    const made = (await manifest()).images.find((e) => e.prompt === prompt);
    assert.ok(made, 'the generated image is in the manifest');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), made.file));
    // As a cloned repository could record them: one entry in the person's docs folder, one in a folder that does not
    // exist.
    const edited = await manifest();
    const name = made.file.slice(made.file.lastIndexOf('/') + 1);
    edited.images.push(
      { ...made, id: 'into-docs', file: `docs/${name}` },
      { ...made, id: 'into-new', file: `old-renders/${name}` },
    );
    await vscode.workspace.fs.writeFile(manifestUri, new TextEncoder().encode(JSON.stringify(edited)));
    const docsFolder = vscode.Uri.joinPath(folder(), 'docs');
    // Other suites leave notes there too: what matters is that this run adds nothing.
    const docsBefore = (await vscode.workspace.fs.readDirectory(docsFolder)).map(([entry]) => entry).sort();
    const before = emulator().requests.length;
    try {
      const shown: { message: string; detail: string }[] = [];
      await withAnswers([answerConfirmation(shown), answerMessages('showInformationMessage', [])], () =>
        vscode.commands.executeCommand('imageStudio.regenerateMissing'),
      );
      assert.equal(shown.length, 1);
      assert.match(shown[0]!.message, /^Regenerate 2 missing images\?/);
      assert.match(
        shown[0]!.detail,
        /Writes to:\n• ignore \(the output folder\)\n• old-renders \(new folder: created and git-ignored\)/,
      );
      assert.match(
        shown[0]!.detail,
        new RegExp(
          `Not regenerated \\(1; the log lists them all\\):\\n• docs/${name.replace(/[.]/g, '\\.')}: ` +
            'docs already exists and is not the output folder "ignore"',
        ),
      );
      const docs = (await vscode.workspace.fs.readDirectory(docsFolder)).map(([entry]) => entry).sort();
      assert.deepEqual(docs, docsBefore, 'nothing written into docs, and no .gitignore');
      assert.ok(!docs.includes('.gitignore'));
      const renders = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder(), 'old-renders')))
        .map(([entry]) => entry)
        .sort();
      assert.deepEqual(renders, ['.gitignore', name]);
      assert.equal(
        new TextDecoder().decode(
          await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'old-renders', '.gitignore')),
        ),
        '*\n',
      );
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder(), made.file));
      assert.equal(emulator().requests.length, before + 2);
    } finally {
      // The other tests expect a manifest without the skipped entry.
      await vscode.workspace.fs.writeFile(manifestUri, original);
      await vscode.workspace.fs
        .delete(vscode.Uri.joinPath(folder(), 'old-renders'), { recursive: true })
        .then(undefined, () => undefined);
    }
  });
});
