/**
 * This month's spend the budget weighs a request against: the host's own ledger and the other ledgers of the same
 * account it can read (the extension counts the CLI's, which its MCP server writes too).
 */
import { usageTotals, type LedgerLocation, type UsageTotals } from './usageLedger';

export interface BudgetTotalsOptions {
  /** The ledger this host writes: an unreadable one refuses the job, as before. */
  readonly own: LedgerLocation;
  /** Ledgers this host only reads. */
  readonly counted: readonly LedgerLocation[];
  readonly now: Date;
  /**
   * Whether a monthly cap is set. With one, a counted ledger that cannot be read refuses the job (the cap errs towards
   * refusing); without one, it is left out, so a damaged CLI ledger never stops the extension from working.
   */
  readonly capped: boolean;
}

export async function budgetTotals(options: BudgetTotalsOptions): Promise<Pick<UsageTotals, 'monthUsd'>> {
  const own = await usageTotals({ ...options.own, now: options.now });
  let monthUsd = own.monthUsd;
  for (const ledger of options.counted) {
    try {
      monthUsd += (await usageTotals({ ...ledger, now: options.now })).monthUsd;
    } catch (err) {
      if (options.capped) throw err;
    }
  }
  return { monthUsd };
}
