/** The spending guard run before every paid call: ask above a threshold, refuse above the monthly cap. */
import { ImageStudioError } from '../errors';
import { formatUsd } from './estimateCost';
import type { UsageTotals } from './usageLedger';

export interface CheckBudgetOptions {
  /** The worst-case estimate of the request about to be sent. */
  estimateUsd: number;
  totals: Pick<UsageTotals, 'monthUsd'>;
  /** Ask before a request estimated above this; unset or 0 never asks. */
  confirmAboveUsd?: number;
  /** Refuse a request that would bring this month's spend over this; unset or 0 means no cap. */
  monthlyCapUsd?: number;
}

/** What the person is asked before a request estimated above the threshold; each host words it (`costQuestionText`). */
export interface CostQuestion {
  /** The worst-case estimate; not finite when it could not be made. */
  readonly estimateUsd: number;
  readonly thresholdUsd: number;
  readonly spentUsd: number;
}

export type BudgetDecision = { kind: 'ok' } | { kind: 'confirm'; question: CostQuestion };

/**
 * Decides whether a request may go ahead; throws ImageStudioError (reason `budget-exceeded`) when it would pass the
 * monthly cap.
 */
export function checkBudget(options: CheckBudgetOptions): BudgetDecision {
  // A NaN or negative estimate would slip under every limit; the worst case is assumed instead.
  const estimate =
    Number.isFinite(options.estimateUsd) && options.estimateUsd >= 0 ? options.estimateUsd : Number.POSITIVE_INFINITY;
  const spent = Number.isFinite(options.totals.monthUsd) ? Math.max(0, options.totals.monthUsd) : 0;
  const cap = positive(options.monthlyCapUsd);
  if (cap !== undefined && spent + estimate > cap) {
    throw new ImageStudioError({ kind: 'budget-exceeded', spentUsd: spent, capUsd: cap, estimateUsd: estimate });
  }
  const threshold = positive(options.confirmAboveUsd);
  if (threshold !== undefined && estimate > threshold) {
    return { kind: 'confirm', question: { estimateUsd: estimate, thresholdUsd: threshold, spentUsd: spent } };
  }
  return { kind: 'ok' };
}

/**
 * The cost question in words, naming the threshold as the host does (`confirmAboveName`); `ask` false leaves out
 * "Generate anyway?" for a host that cannot ask.
 */
export function costQuestionText(question: CostQuestion, confirmAboveName: string, ask = true): string {
  const cost = Number.isFinite(question.estimateUsd) ? `up to ${formatUsd(question.estimateUsd)}` : 'an unknown amount';
  return (
    `This request is estimated at ${cost}, above ${formatUsd(question.thresholdUsd)} (${confirmAboveName}). This ` +
    `month's spend so far: ${formatUsd(question.spentUsd)}.${ask ? ' Generate anyway?' : ''}`
  );
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}
