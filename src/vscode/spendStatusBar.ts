import * as vscode from 'vscode';
import { summarizeSpend } from '../core/spend/spendSummary';
import type { EngineHost } from './engineHost';
import type { Log } from './log';
import { readSettings } from './settingsReader';

export interface SpendStatusBarDeps {
  readonly engine: EngineHost;
  readonly log: Log;
  /** The command a click runs (Show Usage). */
  readonly command: string;
}

/** Today's spend in the status bar, with the month against the cap in the tooltip; warns near and over the cap. */
export class SpendStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('imageStudio.spend', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: SpendStatusBarDeps) {
    this.item.name = 'Image Studio Spend';
    this.item.command = deps.command;
    this.subscriptions = [
      deps.engine.onDidChangeUsage(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          e.affectsConfiguration('imageStudio.monthlyBudgetUsd') ||
          e.affectsConfiguration('imageStudio.showSpendInStatusBar')
        )
          void this.refresh();
      }),
    ];
    void this.refresh();
  }

  /** Re-reads the ledger; a ledger that cannot be read hides the item rather than showing a wrong number. */
  async refresh(): Promise<void> {
    try {
      const settings = readSettings();
      if (!settings.showSpendInStatusBar) {
        this.item.hide();
        return;
      }
      const totals = await this.deps.engine.usage();
      // Nothing to say until something was generated this month or a cap was set: no clutter for non-users.
      if (totals.monthImages === 0 && totals.monthUsd === 0 && !(settings.monthlyBudgetUsd > 0)) {
        this.item.hide();
        return;
      }
      const summary = summarizeSpend(totals, settings.monthlyBudgetUsd);
      this.item.text = `$(graph) ${summary.short}`;
      this.item.tooltip = new vscode.MarkdownString(
        `**Image Studio spend**\n\n${summary.today}\n\n${summary.month}\n\nClick for the recent requests.`,
      );
      this.item.accessibilityInformation = {
        label: `Image Studio spend: ${summary.today}; ${summary.month}`,
        role: 'button',
      };
      this.item.backgroundColor =
        summary.level === 'ok'
          ? undefined
          : new vscode.ThemeColor(
              summary.level === 'over' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground',
            );
      this.item.show();
    } catch (err) {
      this.deps.log.warn(`could not show the spend: ${err instanceof Error ? err.message : String(err)}`);
      this.item.hide();
    }
  }

  /** What the item shows now, for tests and for Show Usage's title. */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
