import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { regenerateLabel } from '../../src/commands/regenerateMissing';
import { useEmulatorSession } from './support/emulatorSession';
import { answerInputBoxes, answerMessages, withAnswers } from './support/windowAnswers';

interface ManifestFile { images: { id: string; file: string; prompt: string }[] }

describe('Regenerate Missing Images (against the emulator over HTTP)', function () {
  this.timeout(60_000);
  const emulator = useEmulatorSession();
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const manifest = async () => JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.imagestudio', 'manifest.json')))) as ManifestFile;

  before(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('confirms the count and cost, then remakes a deleted image at its path from its recorded prompt', async () => {
    const prompt = 'a weathervane shaped like a fish';
    await withAnswers([answerInputBoxes([prompt])], () => vscode.commands.executeCommand('imageStudio.generateImage'));
    const entry = (await manifest()).images.find((e) => e.prompt === prompt);
    assert.ok(entry, 'the generated image is in the manifest');
    const image = vscode.Uri.joinPath(folder(), entry.file);
    await vscode.workspace.fs.delete(image);
    const before = emulator().requests.length;

    const warnings: string[] = [];
    const infos: string[] = [];
    await withAnswers([answerMessages('showWarningMessage', warnings, () => regenerateLabel), answerMessages('showInformationMessage', infos)], () =>
      vscode.commands.executeCommand('imageStudio.regenerateMissing'));

    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^Regenerate 1 missing image\? Estimated cost \$\d+\.\d+\.$/);
    const bytes = await vscode.workspace.fs.readFile(image);
    assert.deepEqual([...bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'the image is back at its recorded path');
    assert.equal(emulator().requests.length, before + 1);
    assert.equal(emulator().requests.at(-1)?.fields['prompt'], prompt);
    assert.deepEqual((await manifest()).images.filter((e) => e.prompt === prompt).map((e) => [e.id, e.file]), [[entry.id, entry.file]], 'the entry is updated, not duplicated');
    assert.ok(infos.some((m) => /regenerated 1 image/.test(m)), infos.join('\n'));
  });

  it('says so, and asks nothing, when no image is missing', async () => {
    const before = emulator().requests.length;
    const warnings: string[] = [];
    const infos: string[] = [];
    await withAnswers([answerMessages('showWarningMessage', warnings, () => regenerateLabel), answerMessages('showInformationMessage', infos)], () =>
      vscode.commands.executeCommand('imageStudio.regenerateMissing'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(infos, ['Image Studio: no images are missing. Every image in the manifest is in place.']);
    assert.equal(emulator().requests.length, before);
  });
});
