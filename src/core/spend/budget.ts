/** The spending guard run before every paid call: ask above a threshold, refuse above the monthly cap. */
import { ImageStudioError } from '../errors';
import { formatUsd } from './estimateCost';
import type { UsageTotals } from './usageLedger';

export const MONTHLY_BUDGET_SETTING = 'imageStudio.monthlyBudgetUsd';
export const CONFIRM_ABOVE_SETTING = 'imageStudio.confirmAboveUsd';

export interface CheckBudgetOptions {
  /** The worst-case estimate of the request about to be sent. */
  estimateUsd: number;
  totals: Pick<UsageTotals, 'monthUsd'>;
  /** Ask before a request estimated above this; unset or 0 never asks. */
  confirmAboveUsd?: number;
  /** Refuse a request that would bring this month's spend over this; unset or 0 means no cap. */
  monthlyCapUsd?: number;
  /**
   * Where the person changes each limit, named in the messages: the extension's settings unless the CLI says its flags.
   */
  limitNames?: BudgetLimitNames;
}

export interface BudgetLimitNames {
  readonly monthlyCap: string;
  readonly confirmAbove: string;
  /** Whether the names are settings the UI can open (the CLI's flags are not). */
  readonly areSettings: boolean;
}

const SETTING_NAMES: BudgetLimitNames = {
  monthlyCap: MONTHLY_BUDGET_SETTING,
  confirmAbove: CONFIRM_ABOVE_SETTING,
  areSettings: true,
};

export type BudgetDecision = { kind: 'ok' } | { kind: 'confirm'; message: string };

/**
 * Decides whether a request may go ahead; throws ImageStudioError('budget-exceeded') when it would pass the monthly
 * cap.
 */
export function checkBudget(options: CheckBudgetOptions): BudgetDecision {
  // A NaN or negative estimate would slip under every limit; the worst case is assumed instead.
  const estimate =
    Number.isFinite(options.estimateUsd) && options.estimateUsd >= 0 ? options.estimateUsd : Number.POSITIVE_INFINITY;
  const spent = Number.isFinite(options.totals.monthUsd) ? Math.max(0, options.totals.monthUsd) : 0;
  const names = options.limitNames ?? SETTING_NAMES;
  const cap = positive(options.monthlyCapUsd);
  if (cap !== undefined && spent + estimate > cap) {
    const after = Number.isFinite(estimate) ? formatUsd(spent + estimate) : 'an unknown amount';
    throw new ImageStudioError(
      'budget-exceeded',
      `This request would bring this month's spend to ${after}, over your cap of ${formatUsd(cap)} set in ` +
        `${names.monthlyCap}. ` +
        `This month's spend so far: ${formatUsd(spent)}. Raise the cap or wait until next month.`,
      { fixes: names.areSettings ? [{ kind: 'open-settings', setting: names.monthlyCap }] : [] },
    );
  }
  const threshold = positive(options.confirmAboveUsd);
  if (threshold !== undefined && estimate > threshold) {
    const cost = Number.isFinite(estimate) ? `up to ${formatUsd(estimate)}` : 'an unknown amount';
    return {
      kind: 'confirm',
      message:
        `This request is estimated at ${cost}, above ${formatUsd(threshold)} (${names.confirmAbove}). This ` +
        `month's spend so far: ${formatUsd(spent)}. Generate anyway?`,
    };
  }
  return { kind: 'ok' };
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}
