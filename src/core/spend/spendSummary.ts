/** The words and warning level for showing spend against the monthly budget (status bar, Show Usage). */
import { describeAgent } from '../../facts/agentNames';
import type { UsageSource } from './combinedUsage';
import { formatUsd } from './estimateCost';
import type { UsageEntry, UsageTotals } from './usageLedger';

/** From this share of the cap on, the spend is shown as a warning. */
const WARN_AT_SHARE = 0.8;

export interface SpendSummary {
  /** For the status bar: "$0.120 today". */
  readonly short: string;
  /** "$0.120 today (3 images)". */
  readonly today: string;
  /** "$1.25 this month of $20.00 (6%)", or without the cap when there is none. */
  readonly month: string;
  readonly level: 'ok' | 'warning' | 'over';
}

export function summarizeSpend(
  totals: Pick<UsageTotals, 'todayUsd' | 'monthUsd' | 'todayImages' | 'monthImages'> &
    Partial<Pick<UsageTotals, 'todayPossiblyBilledUsd' | 'monthPossiblyBilledUsd'>>,
  monthlyBudgetUsd: number,
): SpendSummary {
  const images = (n: number) => `${n} image${n === 1 ? '' : 's'}`;
  const possibly = (usd: number | undefined) =>
    usd !== undefined && usd > 0 ? `, ${formatUsd(usd)} of it possibly billed` : '';
  const short = `${formatUsd(totals.todayUsd)} today`;
  const today = `${short} (${images(totals.todayImages)}${possibly(totals.todayPossiblyBilledUsd)})`;
  if (!(monthlyBudgetUsd > 0)) {
    return {
      short,
      today,
      month:
        `${formatUsd(totals.monthUsd)} this month ` +
        `(${images(totals.monthImages)}${possibly(totals.monthPossiblyBilledUsd)}), no monthly cap`,
      level: 'ok',
    };
  }
  const share = totals.monthUsd / monthlyBudgetUsd;
  return {
    short,
    today,
    month:
      `${formatUsd(totals.monthUsd)} this month of a ${formatUsd(monthlyBudgetUsd)} cap ` +
      `(${Math.round(share * 100)}%), ` +
      `${images(totals.monthImages)}${possibly(totals.monthPossiblyBilledUsd)}`,
    level: share >= 1 ? 'over' : share >= WARN_AT_SHARE ? 'warning' : 'ok',
  };
}

/**
 * One line per ledger entry: "14:03 · gpt-image-2 · $0.042 · a lighthouse at dusk", with " · CLI" when it ran there and
 * the agent that asked for it.
 */
export function describeUsageEntry(entry: UsageEntry & { readonly source?: UsageSource }): {
  label: string;
  detail: string;
} {
  const at = new Date(entry.at);
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  const when = `${day} ${two(at.getHours())}:${two(at.getMinutes())}`;
  const cost = entry.cached
    ? 'cache, no charge'
    : entry.possiblyBilled === true
      ? `${formatUsd(entry.costUsd)} possibly billed (estimated; the request failed after it was sent)`
      : `${formatUsd(entry.costUsd)}${entry.estimated ? ' (estimated)' : ''}`;
  return {
    label: entry.promptPreview || '(no prompt)',
    detail:
      `${when} · ${entry.kind} · ${entry.model} · ${entry.images} image${entry.images === 1 ? '' : 's'} · ` +
      `${cost}${entry.requestId ? ` · ${entry.requestId}` : ''}` +
      (entry.source === 'cli' ? ' · CLI' : '') +
      (entry.agent ? ` · by an agent: ${describeAgent(entry.agent)}` : ''),
  };
}
