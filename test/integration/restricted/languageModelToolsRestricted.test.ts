import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { RunningEmulator } from '../../emulator';
import { useEmulatorSession } from '../support/emulatorSession';

describe('Language-model tools in Restricted Mode', function () {
  this.timeout(60_000);
  const session = useEmulatorSession();
  let emulator: RunningEmulator;
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(() => {
    emulator = session();
  });

  it('refuses generate and edit, saying why, with no request sent and nothing written', async () => {
    const token = new vscode.CancellationTokenSource().token;
    await assert.rejects(
      Promise.resolve(
        vscode.lm.invokeTool(
          'imageStudio_generateImage',
          { input: { prompt: 'a lighthouse that must not be drawn' }, toolInvocationToken: undefined },
          token,
        ),
      ),
      /Generating images is disabled in Restricted Mode: .*Trust the workspace/,
    );
    await assert.rejects(
      Promise.resolve(
        vscode.lm.invokeTool(
          'imageStudio_editImage',
          { input: { image: 'images/photo.png', prompt: 'add a moon' }, toolInvocationToken: undefined },
          token,
        ),
      ),
      /Editing images is disabled in Restricted Mode/,
    );
    assert.equal(emulator.requests.length, 0, 'no request reached the API');
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder(), 'ignore'))),
      'no output folder was created',
    );
  });
});
