import type { UsageSummary } from '../protocol/usage';
import type { UsageSource } from '../core/spend/combinedUsage';
import type { EngineHost } from '../vscode/engineHost';
import { agentMarkOf } from './agentMarkOf';

/**
 * Today's and this month's spend from the usage ledgers (the extension's and the CLI's), with the last requests,
 * against the monthly budget.
 */
export async function readUsageSummary(engine: EngineHost, monthlyBudgetUsd: number, now: Date): Promise<UsageSummary> {
  const totals = await engine.usage(now);
  return {
    todayUsd: totals.todayUsd,
    monthUsd: totals.monthUsd,
    monthPossiblyBilledUsd: totals.monthPossiblyBilledUsd,
    monthlyBudgetUsd,
    recent: totals.recent.slice(0, 20).map((e) => ({
      at: e.at,
      model: e.model.slice(0, 200),
      kind: e.kind,
      images: e.images,
      costUsd: e.costUsd,
      estimated: e.estimated,
      cached: e.cached,
      promptPreview: e.promptPreview.slice(0, 200),
      ...(e.possiblyBilled === true ? { possiblyBilled: true } : {}),
      source: e.source,
      ...(e.agent ? { agent: agentMarkOf(e.agent) } : {}),
    })),
    ...(totals.unreadable.length > 0
      ? { notices: totals.unreadable.slice(0, 4).map((u) => `${ledgerName(u.source)}: ${u.message}`.slice(0, 1000)) }
      : {}),
  };
}

function ledgerName(source: UsageSource): string {
  return source === 'cli' ? "The CLI's usage ledger was left out" : "The extension's usage ledger was left out";
}
