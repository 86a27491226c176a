import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import type { ImageStudioApi } from '../../../src/extension';

type ShowMessage = typeof vscode.window.showErrorMessage;

describe('Restricted Mode', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let api: ImageStudioApi;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    api = await vscode.extensions.getExtension<ImageStudioApi>('image-studio-dev.image-studio')!.activate();
    emulator = await startEmulator({ latencyScale: 0 });
    await config().update('baseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('imageStudio.clearApiKey');
    await emulator.close();
  });

  it('runs in an untrusted workspace, with the extension active', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.extensions.getExtension('image-studio-dev.image-studio')?.isActive, true);
  });

  it('still lets the person store a key: it goes to SecretStorage, not the workspace', async () => {
    const original = vscode.window.showInputBox;
    (vscode.window as { showInputBox: typeof original }).showInputBox = () => Promise.resolve(EMULATOR_TEST_KEY);
    try {
      assert.equal(await vscode.commands.executeCommand('imageStudio.setApiKey'), true);
    } finally {
      (vscode.window as { showInputBox: typeof original }).showInputBox = original;
    }
    assert.equal(await api.hasApiKey(), true);
  });

  it('refuses Generate Image, saying why, with no request sent and nothing written', async () => {
    const errors: string[] = [];
    const originalError = vscode.window.showErrorMessage;
    const originalInput = vscode.window.showInputBox;
    (vscode.window as { showErrorMessage: ShowMessage }).showErrorMessage = ((message: string) => { errors.push(message); return Promise.resolve(undefined); }) as ShowMessage;
    (vscode.window as { showInputBox: typeof originalInput }).showInputBox = () => Promise.resolve('a lighthouse that must not be drawn');
    try {
      await vscode.commands.executeCommand('imageStudio.generateImage');
    } finally {
      (vscode.window as { showErrorMessage: ShowMessage }).showErrorMessage = originalError;
      (vscode.window as { showInputBox: typeof originalInput }).showInputBox = originalInput;
    }
    assert.equal(errors.length, 1, `one error was shown: ${errors.join(' | ')}`);
    assert.match(errors[0]!, /Generate Image is disabled in Restricted Mode: .*Trust the workspace/);
    assert.equal(emulator.requests.length, 0, 'no request reached the API');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder(), 'ignore'))), 'no output folder was created');
  });

  it('declares limited support and restricts the output folder setting', () => {
    const manifest = vscode.extensions.getExtension('image-studio-dev.image-studio')!.packageJSON as { capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[]; description: string } } };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('imageStudio.outputFolder'));
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /Restricted Mode/);
  });
});
