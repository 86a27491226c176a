import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { startEmulator } from '../emulator';
import { useEmulatorSession } from './support/emulatorSession';
import { answerEveryMessage, answerInputBoxes } from './support/windowAnswers';

/** `imageStudio.timeoutSeconds` is a user setting only: a cloned repository cannot make paid renders time out. */
describe('The request timeout from a workspace is ignored (emulator over HTTP)', function () {
  this.timeout(60_000);
  const session = useEmulatorSession();
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  it('a workspace timeoutSeconds of 1 does not cut off a render that takes two seconds', async () => {
    // The sample workspace sets a 1 s timeout; as an application setting only the user's (unset) value counts.
    const workspaceSettings = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.vscode', 'settings.json')),
    );
    assert.match(workspaceSettings, /"imageStudio\.timeoutSeconds": 1\b/);
    assert.equal(config().inspect<number>('timeoutSeconds')?.workspaceValue, undefined);
    // Low quality at 1024x1024 renders in 8 s at full latency: a quarter of it is two seconds.
    const slow = await startEmulator({ latencyScale: 0.25 });
    await config().update('baseUrl', slow.baseUrl, vscode.ConfigurationTarget.Global);
    const restoreInput = answerInputBoxes(['a lighthouse that takes its time']);
    const messages = answerEveryMessage();
    try {
      await vscode.commands.executeCommand('imageStudio.generateImage');
      assert.deepEqual(
        messages.shown.filter((m) => m.severity === 'error').map((m) => m.message),
        [],
      );
      assert.deepEqual(
        slow.requests.filter((r) => r.path.endsWith('/images/generations')).map((r) => [r.status, r.closedByClient]),
        [[200, false]],
      );
      assert.match(messages.shown.find((m) => m.severity === 'info')?.message ?? '', /saved ignore\/.*\.png/);
    } finally {
      messages.restore();
      restoreInput();
      await config().update('baseUrl', session().baseUrl, vscode.ConfigurationTarget.Global);
      await slow.close();
    }
  });
});
