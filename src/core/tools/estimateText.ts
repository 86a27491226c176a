/** The `estimate cost` tools' answer: what a request would cost and what the limits would make of it. */
import { ImageStudioError } from '../errors';
import type { ImageRequest } from '../request/imageRequest';
import { checkBudget } from '../spend/budget';
import { estimateCost, formatUsd } from '../spend/estimateCost';

export interface SpendingLimits {
  readonly confirmAboveUsd: number;
  readonly monthlyBudgetUsd: number;
}

export interface EstimateTextOptions {
  readonly request: ImageRequest;
  /** This month's spend so far. */
  readonly monthUsd: number;
  readonly limits: SpendingLimits;
  /** What happens above the confirmation threshold on this host, as the end of a sentence. */
  readonly whenAsked: string;
  /** The host's words for the budget's refusal (it names where the cap is set). */
  readonly refusalText: (err: ImageStudioError) => string;
}

/** The estimate, its notes, this month's spend against the budget, and whether it would be sent, asked or refused. */
export function estimateText(options: EstimateTextOptions): string {
  const { request, monthUsd, limits } = options;
  const estimate = estimateCost(request);
  return [
    `Estimated cost: up to ${formatUsd(estimate.usd)} for ${request.n} image${request.n === 1 ? '' : 's'} ` +
      `(${request.kind}, ${request.model}, size ${request.size}, quality ${request.quality}).`,
    ...estimate.breakdown.notes,
    `Spent this month: ${formatUsd(monthUsd)}` +
      (limits.monthlyBudgetUsd > 0 ? ` of a ${formatUsd(limits.monthlyBudgetUsd)} budget.` : ' (no budget set).'),
    budgetVerdict(estimate.usd, monthUsd, options),
  ].join('\n');
}

function budgetVerdict(estimateUsd: number, monthUsd: number, options: EstimateTextOptions): string {
  const { limits } = options;
  try {
    const decision = checkBudget({
      estimateUsd,
      totals: { monthUsd },
      confirmAboveUsd: limits.confirmAboveUsd,
      monthlyCapUsd: limits.monthlyBudgetUsd,
    });
    return decision.kind === 'confirm'
      ? `Above the confirmation threshold of ${formatUsd(limits.confirmAboveUsd)}: ${options.whenAsked}`
      : 'Within the limits: it would be sent without asking.';
  } catch (err) {
    if (err instanceof ImageStudioError && err.reason.kind === 'budget-exceeded')
      return `It would be refused: ${options.refusalText(err)}`;
    throw err;
  }
}
