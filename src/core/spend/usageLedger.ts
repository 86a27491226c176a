/**
 * The spend ledger: one JSON line per request in `<folder>/usage-YYYY-MM.jsonl` (local months), read back for totals
 * and budgets.
 */
import { posix } from 'node:path';
import * as z from 'zod';
import { readBoundedFile, tooManyEntries } from '../files/boundedRead';
import { type FileStore } from '../files/fileStore';
import { agentRunSchema } from '../request/agentRun';
import { redact } from '../secrets/redact';
import { withFileLock } from '../files/fileLock';
import { replaceFile, serialized } from '../files/replaceFile';

const PROMPT_PREVIEW_CHARS = 60;
const RECENT_ENTRIES = 20;
/** Caps on one month's file: an entry is about 300 bytes, so 100,000 requests a month fit with room to spare. */
export const MAX_LEDGER_BYTES = 32_000_000;
export const MAX_LEDGER_ENTRIES = 100_000;

export const usageEntrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  model: z.string().min(1).max(200),
  kind: z.enum(['generate', 'edit']),
  images: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative().finite(),
  /** True when the cost is our estimate rather than priced from the API's usage. */
  estimated: z.boolean(),
  requestId: z.string().max(200).optional(),
  /** Served from the cache: no API call, no cost. */
  cached: z.boolean(),
  promptPreview: z.string().max(PROMPT_PREVIEW_CHARS * 2),
  /**
   * The request failed after it was sent (a timeout, a cut connection or stream, an answer without images, a cancel)
   * and may still be charged: `costUsd` is its estimate, counted against the budget. Absent in older files: billed.
   */
  possiblyBilled: z.boolean().optional(),
  /** Set when an agent asked for the request. */
  agent: agentRunSchema.optional(),
});

export type UsageEntry = z.output<typeof usageEntrySchema>;

export interface LedgerLocation {
  store: FileStore;
  /** A folder outside the workspace (the extension's global storage, or the CLI's config folder). */
  folder: string;
}

export interface AppendUsageOptions extends LedgerLocation {
  entry: UsageEntry;
}

/**
 * Appends one entry to its month's file (the month of `entry.at`, local time). The preview is shortened and redacted
 * here.
 */
export async function appendUsage(options: AppendUsageOptions): Promise<void> {
  const entry = usageEntrySchema.parse({ ...options.entry, promptPreview: promptPreview(options.entry.promptPreview) });
  const path = ledgerPath(options.folder, monthOf(new Date(entry.at)));
  await options.store.createDirectory(options.folder);
  await serialized(path, () =>
    withFileLock({ store: options.store, path }, async () => {
      // No entry cap here: spend is always recorded; reading a full month refuses the next job before it pays.
      const existing = await readText(options.store, path);
      // A truncated last line (a crash mid-write) must not swallow the new entry: start it on a fresh line.
      const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
      // FileStore has no append: the month's file is small, so it is rewritten whole, atomically.
      await replaceFile({
        store: options.store,
        path,
        bytes: new TextEncoder().encode(`${existing}${separator}${JSON.stringify(entry)}\n`),
      });
    }),
  );
}

export interface ReadUsageOptions extends LedgerLocation {
  /** `YYYY-MM`. */
  month: string;
}

export interface UsageRead {
  entries: UsageEntry[];
  /** Lines that were not valid entries (a truncated write, a hand edit) and were left out. */
  skippedLines: number;
}

/** The entries of one month, oldest first; invalid lines are skipped and counted. */
export async function readUsage(options: ReadUsageOptions): Promise<UsageRead> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month))
    throw new RangeError(`readUsage needs a month as YYYY-MM, not ${options.month}`);
  const path = ledgerPath(options.folder, options.month);
  const text = await readText(options.store, path);
  checkEntryCount(path, countLines(text));
  const entries: UsageEntry[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = usageEntrySchema.safeParse(parseJson(line));
    if (parsed.success) entries.push(parsed.data);
    else skippedLines++;
  }
  return { entries, skippedLines };
}

export interface UsageTotals {
  todayUsd: number;
  monthUsd: number;
  todayImages: number;
  monthImages: number;
  /** The part of `todayUsd` / `monthUsd` from possibly billed requests (already included in them). */
  todayPossiblyBilledUsd: number;
  monthPossiblyBilledUsd: number;
  /** The last 20 entries, newest first, reaching into last month when this one has fewer. */
  recent: UsageEntry[];
  skippedLines: number;
}

export interface UsageTotalsOptions extends LedgerLocation {
  now: Date;
}

/** Spend and image counts for today and this month (local time), and the most recent entries. */
export async function usageTotals(options: UsageTotalsOptions): Promise<UsageTotals> {
  const thisMonth = monthOf(options.now);
  const current = await readUsage({ ...options, month: thisMonth });
  const previous = await readUsage({
    ...options,
    month: monthOf(new Date(options.now.getFullYear(), options.now.getMonth() - 1, 1)),
  });
  const totals: UsageTotals = {
    todayUsd: 0,
    monthUsd: 0,
    todayImages: 0,
    monthImages: 0,
    todayPossiblyBilledUsd: 0,
    monthPossiblyBilledUsd: 0,
    recent: [],
    skippedLines: current.skippedLines + previous.skippedLines,
  };
  for (const entry of current.entries) {
    const at = new Date(entry.at);
    // The file is chosen by local month at write time; filtering again guards against a changed time zone.
    if (monthOf(at) !== thisMonth) continue;
    // A possibly billed request counts at its estimate: the cap errs towards refusing, never towards overspending.
    const possibly = entry.possiblyBilled === true ? entry.costUsd : 0;
    totals.monthUsd += entry.costUsd;
    totals.monthImages += entry.images;
    totals.monthPossiblyBilledUsd += possibly;
    if (sameLocalDay(at, options.now)) {
      totals.todayUsd += entry.costUsd;
      totals.todayImages += entry.images;
      totals.todayPossiblyBilledUsd += possibly;
    }
  }
  totals.recent = [...previous.entries, ...current.entries]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, RECENT_ENTRIES);
  return totals;
}

/**
 * The first 60 characters of a prompt on one line, with anything key-like masked: the ledger is never a place for
 * secrets.
 */
export function promptPreview(prompt: string): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = prompt.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  // Redacted before cutting, so a key split at the cut cannot leave its first half visible.
  return Array.from(redact(oneLine)).slice(0, PROMPT_PREVIEW_CHARS).join('');
}

/** `YYYY-MM` of a date in local time. */
export function monthOf(date: Date): string {
  return `${String(date.getFullYear()).padStart(4, '0')}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

function ledgerPath(folder: string, month: string): string {
  return posix.join(folder, `usage-${month}.jsonl`);
}

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

const TOO_LARGE = {
  what: 'The usage ledger',
  advice:
    'It is your spend record for that month: move it somewhere else to keep it (Image Studio then starts ' +
    'the month afresh, so its totals and the monthly budget no longer count what it held).',
};

async function readText(store: FileStore, path: string): Promise<string> {
  const bytes = await readBoundedFile({ store, path, maxBytes: MAX_LEDGER_BYTES, ...TOO_LARGE });
  // Lenient decoding: a torn multi-byte character on the last line only spoils that line.
  return bytes === undefined ? '' : new TextDecoder().decode(bytes);
}

function countLines(text: string): number {
  let count = 0;
  for (const line of text.split('\n')) if (line.trim() !== '') count++;
  return count;
}

function checkEntryCount(path: string, count: number): void {
  if (count > MAX_LEDGER_ENTRIES) throw tooManyEntries({ path, ...TOO_LARGE }, count, MAX_LEDGER_ENTRIES, 'entries');
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
