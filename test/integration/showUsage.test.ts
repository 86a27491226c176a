import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { useEmulatorSession } from './support/emulatorSession';
import { answerInputBoxes, answerWindow, withAnswers } from './support/windowAnswers';

describe('Show Usage', function () {
  this.timeout(60_000);
  useEmulatorSession();

  it('lists today, the month against the cap, and the request just made with its cost', async () => {
    const config = vscode.workspace.getConfiguration('imageStudio');
    await config.update('monthlyBudgetUsd', 25, vscode.ConfigurationTarget.Global);
    try {
      await withAnswers([answerInputBoxes(['a usage ledger lighthouse'])], () =>
        vscode.commands.executeCommand('imageStudio.generateImage'),
      );
      let items: vscode.QuickPickItem[] = [];
      let title = '';
      await withAnswers(
        [
          answerWindow('showQuickPick', async (shown, options) => {
            items = await (shown as Thenable<vscode.QuickPickItem[]>);
            title = (options as vscode.QuickPickOptions).title ?? '';
            return undefined;
          }),
        ],
        () => vscode.commands.executeCommand('imageStudio.showUsage'),
      );
      assert.equal(title, 'Image Studio: Usage');
      const today = items.find((i) => i.label.includes('Today'));
      const month = items.find((i) => i.label.includes('This month'));
      // Other suites in the session may have left a possibly billed request today.
      assert.match(
        today?.description ?? '',
        /^(\$\d+\.\d+|<\$0\.001) today \(\d+ images?(, (\$\d+\.\d+|<\$0\.001) of it possibly billed)?\)$/,
      );
      assert.match(month?.description ?? '', /this month of a \$25\.00 cap \(\d+%\)/);
      const entry = items.find((i) => i.label.includes('a usage ledger lighthouse'));
      assert.ok(entry, `the request is listed: ${items.map((i) => i.label).join(' | ')}`);
      assert.match(entry.detail ?? '', /generate · gpt-image-2\.5-flare · 1 image · (\$\d|<\$0\.001)/);
    } finally {
      await config.update('monthlyBudgetUsd', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
