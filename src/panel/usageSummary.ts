import type { UsageSummary } from '../protocol/usage';
import type { EngineHost } from '../vscode/engineHost';

/** Today's and this month's spend from the usage ledger, with the last requests, against the monthly budget. */
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
    })),
  };
}
