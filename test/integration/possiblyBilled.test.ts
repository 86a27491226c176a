import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { useEmulatorSession } from './support/emulatorSession';
import { answerEveryMessage, answerInputBoxes, answerWindow, withAnswers } from './support/windowAnswers';

/** A paid request that times out after it was sent is in the spend, marked, and counted against the cap. */
describe('Possibly billed requests (emulator over HTTP)', function () {
  this.timeout(60_000);
  const session = useEmulatorSession();
  const config = () => vscode.workspace.getConfiguration('imageStudio');

  it('a request that timed out after it was sent is shown as possibly billed in Show Usage', async () => {
    // The person's own (user) timeout of 1 s, against an API that never answers.
    await config().update('timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    session().script.hang({ path: '/images/generations' });
    const messages = answerEveryMessage();
    const restoreInput = answerInputBoxes(['a lighthouse that never arrives']);
    try {
      await vscode.commands.executeCommand('imageStudio.generateImage');
    } finally {
      restoreInput();
      messages.restore();
      await config().update('timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
    const error = messages.shown.find((m) => m.severity === 'error');
    assert.match(
      error?.message ?? '',
      new RegExp(
        /did not answer in time\. .* It is counted as possibly billed, at the estimate of \$\d+\.\d+, /.source +
          /in the usage and the monthly cap\./.source,
      ),
    );

    let items: vscode.QuickPickItem[] = [];
    await withAnswers(
      [
        answerWindow('showQuickPick', async (shown) => {
          items = await (shown as Thenable<vscode.QuickPickItem[]>);
          return undefined;
        }),
      ],
      () => vscode.commands.executeCommand('imageStudio.showUsage'),
    );
    const entry = items.find((i) => i.label.includes('a lighthouse that never arrives'));
    assert.match(
      entry?.detail ?? '',
      /· 0 images · \$\d+\.\d+ possibly billed \(estimated; the request failed after it was sent\)/,
    );
    assert.match(items.find((i) => i.label.includes('Today'))?.description ?? '', /of it possibly billed\)$/);
  });
});
