import * as vscode from 'vscode';
import { describeUsageEntry, summarizeSpend } from '../core/spend/spendSummary';
import { commandIds } from './ids';
import type { EngineHost } from '../vscode/engineHost';
import type { Log } from '../vscode/log';
import { readSettings } from '../vscode/settingsReader';
import { showError } from '../vscode/showError';

export interface ShowUsageDeps {
  readonly engine: EngineHost;
  readonly log: Log;
}

const setBudget = 'Set Monthly Budget…';

/** Today's and this month's spend against the cap, then the last requests with their cost, in a quick pick. */
export async function showUsage(deps: ShowUsageDeps): Promise<void> {
  const totals = await deps.engine.usage();
  const summary = summarizeSpend(totals, readSettings().monthlyBudgetUsd);
  const items: vscode.QuickPickItem[] = [
    { label: '$(calendar) Today', description: summary.today },
    { label: '$(graph) This month', description: summary.month },
    { label: `$(settings-gear) ${setBudget}`, description: 'imageStudio.monthlyBudgetUsd' },
    { label: 'Recent requests', kind: vscode.QuickPickItemKind.Separator },
    ...(totals.recent.length
      ? totals.recent.map((entry) => {
          const { label, detail } = describeUsageEntry(entry);
          return { label: `$(file-media) ${label}`, detail };
        })
      : [{ label: 'No requests yet this month or last.' }]),
  ];
  for (const { message } of totals.unreadable)
    items.push({ label: "$(warning) The CLI's usage ledger was left out", detail: message });
  if (totals.skippedLines > 0)
    items.push({ label: `$(warning) ${totals.skippedLines} unreadable line(s) in the usage ledger were left out.` });
  const choice = await vscode.window.showQuickPick(items, {
    title: 'Image Studio: Usage',
    placeHolder: `${summary.today} · ${summary.month}`,
    matchOnDetail: true,
  });
  if (choice?.label.endsWith(setBudget))
    await vscode.commands.executeCommand('workbench.action.openSettings', 'imageStudio.monthlyBudgetUsd');
}

export function registerShowUsage(deps: ShowUsageDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.showUsage, async () => {
    try {
      await showUsage(deps);
    } catch (err) {
      await showError(err, deps);
    }
  });
}
