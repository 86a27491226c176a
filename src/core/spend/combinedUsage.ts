/**
 * One account, two ledgers on this machine: the extension's own (in its global storage) and the CLI's (which the MCP
 * server writes too). The extension reads the CLI's read-only, through the same bounded reader, so its usage and its
 * monthly budget count what agents and scripts spent.
 */
import { usageTotals, type LedgerLocation, type UsageEntry, type UsageTotals } from './usageLedger';

/** Where a request ran: in the extension, or through the `image-studio` CLI (its MCP server included). */
export type UsageSource = 'extension' | 'cli';

export interface SourcedLedger extends LedgerLocation {
  readonly source: UsageSource;
  /** The host's own ledger: when it cannot be read the whole answer fails, as it did before other ledgers counted. */
  readonly required?: boolean;
}

export type SourcedUsageEntry = UsageEntry & { readonly source: UsageSource };

export interface CombinedUsage extends Omit<UsageTotals, 'recent'> {
  /** The last 20 entries of all ledgers, newest first, each with where it ran. */
  readonly recent: SourcedUsageEntry[];
  /** Ledgers that could not be read (too large, unreadable), said in words; the others are still counted. */
  readonly unreadable: readonly { readonly source: UsageSource; readonly message: string }[];
}

const RECENT_ENTRIES = 20;

/** The totals of every ledger added up, and their recent entries merged. */
export async function combinedUsageTotals(options: {
  readonly ledgers: readonly SourcedLedger[];
  readonly now: Date;
}): Promise<CombinedUsage> {
  const combined: CombinedUsage = {
    todayUsd: 0,
    monthUsd: 0,
    todayImages: 0,
    monthImages: 0,
    todayPossiblyBilledUsd: 0,
    monthPossiblyBilledUsd: 0,
    skippedLines: 0,
    recent: [],
    unreadable: [],
  };
  const recent: SourcedUsageEntry[] = [];
  const unreadable: { source: UsageSource; message: string }[] = [];
  for (const ledger of options.ledgers) {
    let totals: UsageTotals;
    try {
      totals = await usageTotals({ store: ledger.store, folder: ledger.folder, now: options.now });
    } catch (err) {
      if (ledger.required === true) throw err;
      unreadable.push({ source: ledger.source, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    combined.todayUsd += totals.todayUsd;
    combined.monthUsd += totals.monthUsd;
    combined.todayImages += totals.todayImages;
    combined.monthImages += totals.monthImages;
    combined.todayPossiblyBilledUsd += totals.todayPossiblyBilledUsd;
    combined.monthPossiblyBilledUsd += totals.monthPossiblyBilledUsd;
    combined.skippedLines += totals.skippedLines;
    recent.push(...totals.recent.map((entry) => ({ ...entry, source: ledger.source })));
  }
  return {
    ...combined,
    recent: recent.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, RECENT_ENTRIES),
    unreadable,
  };
}
