import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ImageStudioApi } from '../../src/extension';

const extensionId = 'image-studio-dev.image-studio';

interface ContributedCommand {
  command: string;
}

describe('activation', () => {
  let api: ImageStudioApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<ImageStudioApi>(extensionId);
    assert.ok(extension, `${extensionId} is loaded`);
    api = await extension.activate();
  });

  it('activates', () => {
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
  });

  it('activates without the workbench or the SDK; a free call loads the workbench, not the SDK', async () => {
    assert.ok(api.activationReadout, 'the readout exists in test mode');
    assert.deepEqual(api.activationReadout().loadedAtActivation, { workbench: false, openai: false });
    await api.hasApiKey();
    // This file runs first in the session, so nothing has paid yet: the SDK waits for the first paid job.
    assert.deepEqual(api.activationReadout().loadedNow, { workbench: true, openai: false });
  });

  it('registers every contributed command', async () => {
    const contributed = (
      vscode.extensions.getExtension(extensionId)?.packageJSON as { contributes: { commands: ContributedCommand[] } }
    ).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
    assert.ok(contributed.includes('imageStudio.generateImage'));
  });

  it('reads a setting from the workspace', () => {
    const model = vscode.workspace.getConfiguration('imageStudio').inspect<string>('model');
    assert.equal(model?.workspaceValue, 'gpt-image-2.5-flare');
    assert.equal(model?.defaultValue, 'gpt-image-2');
  });

  it('keeps the key in SecretStorage: set, read back, clear', async () => {
    const original = vscode.window.showInputBox;
    // The only stand-in here is the person typing into the password box.
    (vscode.window as { showInputBox: typeof original }).showInputBox = () =>
      Promise.resolve('  sk-test-integration-1234567890  ');
    try {
      assert.equal(await vscode.commands.executeCommand('imageStudio.setApiKey'), true);
    } finally {
      (vscode.window as { showInputBox: typeof original }).showInputBox = original;
    }
    assert.equal(await api.hasApiKey(), true);
    await vscode.commands.executeCommand('imageStudio.clearApiKey');
    assert.equal(await api.hasApiKey(), false);
  });
});
