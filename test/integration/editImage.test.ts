import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { chooseMaskLabel, noMaskLabel } from '../../src/commands/editImage';
import { useEmulatorSession } from './support/emulatorSession';
import {
  answerInputBoxes,
  answerMessages,
  answerOpenDialogs,
  answerQuickPicks,
  withAnswers,
} from './support/windowAnswers';

interface ManifestFile {
  images: { file: string; kind: string; prompt: string; inputFiles?: string[]; maskFile?: string }[];
}

describe('Edit Image (against the emulator over HTTP)', function () {
  this.timeout(60_000);
  const emulator = useEmulatorSession();
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const file = (relative: string) => vscode.Uri.joinPath(folder(), relative);
  const read = (relative: string) => vscode.workspace.fs.readFile(file(relative));
  const manifestEntry = async (prompt: string) => {
    const manifest = JSON.parse(new TextDecoder().decode(await read('.imagestudio/manifest.json'))) as ManifestFile;
    return manifest.images.find((e) => e.prompt === prompt);
  };
  let original: Uint8Array;

  before(async () => {
    original = await read('images/photo.png');
  });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('edits the whole image from the explorer: a new file in the output folder, the original unchanged', async () => {
    await withAnswers([answerInputBoxes(['turn it into a stormy sea']), answerQuickPicks([noMaskLabel])], () =>
      vscode.commands.executeCommand('imageStudio.editImage', file('images/photo.png')),
    );
    const entry = await manifestEntry('turn it into a stormy sea');
    assert.ok(entry, 'the edit is recorded in the manifest');
    assert.deepEqual([entry.kind, entry.inputFiles, entry.maskFile], ['edit', ['images/photo.png'], undefined]);
    assert.match(entry.file, /^ignore\/\d{8}-\d{6}-turn-it-into-a-stormy-sea-[0-9a-f]{4}\.png$/);
    assert.deepEqual([...(await read(entry.file)).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.deepEqual(await read('images/photo.png'), original, 'the original is untouched');
    const sent = emulator().requests.at(-1);
    assert.equal(sent?.path, '/v1/images/edits');
    assert.deepEqual(
      sent?.files.map((f) => [f.field, f.type]),
      [['image', 'image/png']],
    );
    const open = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((t) =>
        t.input instanceof vscode.TabInputCustom || t.input instanceof vscode.TabInputText
          ? t.input.uri.path
          : undefined,
      );
    assert.ok(open.includes(file(entry.file).path), `the result is opened: ${open.join(', ')}`);
  });

  it('from the palette: asks for the image, then a mask, and uploads the mask part', async () => {
    await withAnswers(
      [
        answerOpenDialogs([file('images/photo.png'), file('images/mask.png')]),
        answerInputBoxes(['a lighthouse on the left']),
        answerQuickPicks([chooseMaskLabel]),
      ],
      () => vscode.commands.executeCommand('imageStudio.editImage'),
    );
    const entry = await manifestEntry('a lighthouse on the left');
    assert.deepEqual([entry?.inputFiles, entry?.maskFile], [['images/photo.png'], 'images/mask.png']);
    assert.ok(entry && (await read(entry.file)).length > 0);
    const sent = emulator().requests.at(-1);
    assert.deepEqual(
      sent?.files.map((f) => [f.field, f.filename, f.type]),
      [
        ['image', 'photo.png', 'image/png'],
        ['mask', 'mask.png', 'image/png'],
      ],
    );
    assert.deepEqual(await read('images/photo.png'), original);
  });

  it('refuses a mask of the wrong size with a clear error, before any request', async () => {
    const before = emulator().requests.length;
    const errors: string[] = [];
    await withAnswers(
      [
        answerInputBoxes(['anything']),
        answerQuickPicks([chooseMaskLabel]),
        answerOpenDialogs([file('images/small-mask.png')]),
        answerMessages('showErrorMessage', errors),
      ],
      () => vscode.commands.executeCommand('imageStudio.editImage', file('images/photo.png')),
    );
    assert.equal(emulator().requests.length, before);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /mask is 32x32 but the first image is 64x64/);
  });
});
