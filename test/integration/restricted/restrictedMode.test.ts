import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import type { ImageStudioApi } from '../../../src/extension';
import { useEmulatorSession } from '../support/emulatorSession';
import { answerInputBoxes, answerMessages, withAnswers } from '../support/windowAnswers';

describe('Restricted Mode', function () {
  this.timeout(60_000);
  const session = useEmulatorSession({ withKey: false });
  let emulator: RunningEmulator;
  let api: ImageStudioApi;
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    api = await vscode.extensions.getExtension<ImageStudioApi>('image-studio-dev.image-studio')!.activate();
    emulator = session();
  });

  it('runs in an untrusted workspace, with the extension active', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.extensions.getExtension('image-studio-dev.image-studio')?.isActive, true);
  });

  it('still lets the person store a key: it goes to SecretStorage, not the workspace', async () => {
    assert.equal(
      await withAnswers([answerInputBoxes([EMULATOR_TEST_KEY])], () =>
        vscode.commands.executeCommand('imageStudio.setApiKey'),
      ),
      true,
    );
    assert.equal(await api.hasApiKey(), true);
  });

  it('refuses Generate Image, saying why, with no request sent and nothing written', async () => {
    const errors: string[] = [];
    await withAnswers(
      [answerMessages('showErrorMessage', errors), answerInputBoxes(['a lighthouse that must not be drawn'])],
      () => vscode.commands.executeCommand('imageStudio.generateImage'),
    );
    assert.equal(errors.length, 1, `one error was shown: ${errors.join(' | ')}`);
    assert.match(errors[0]!, /Generate Image is disabled in Restricted Mode: .*Trust the workspace/);
    assert.equal(emulator.requests.length, 0, 'no request reached the API');
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder(), 'ignore'))),
      'no output folder was created',
    );
  });

  it('declares limited support and restricts the output folder setting', () => {
    const manifest = vscode.extensions.getExtension('image-studio-dev.image-studio')!.packageJSON as {
      capabilities: {
        untrustedWorkspaces: { supported: string; restrictedConfigurations: string[]; description: string };
      };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('imageStudio.outputFolder'));
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /Restricted Mode/);
  });
});
