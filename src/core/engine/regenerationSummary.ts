/** What a regeneration plan says to the person before they pay: where it writes and what it skips, in bounded lists. */
import type { RegenerationFolder } from './regenerationFolder';
import type { RegenerationPlan } from './regeneration';

/** How many lines of each list a dialog shows before "and N more". */
export const SUMMARY_LIST_LIMIT = 10;
// A recorded path can be 1,000 characters: each line is cut to stay readable in a dialog.
const MAX_LINE_CHARS = 300;

/** The first lines of a list and how many more there are. */
export interface BoundedList {
  readonly shown: readonly string[];
  readonly more: number;
}

export interface RegenerationSummary {
  /** The folders written to, such as `ignore (the output folder)`. */
  readonly folders: BoundedList;
  /** The recorded paths of the images to remake. */
  readonly items: BoundedList;
  /** The images not regenerated: `path: why`. */
  readonly skipped: BoundedList;
}

/**
 * The plan's folders, items and skipped entries as bounded lists of lines (`prefix` names the workspace folder when
 * there are several).
 */
export function summarizeRegenerationPlan(
  plan: RegenerationPlan,
  limit = SUMMARY_LIST_LIMIT,
  prefix = '',
): RegenerationSummary {
  return {
    folders: bounded(
      plan.folders.map((folder) => `${prefix}${describeFolder(folder)}`),
      limit,
    ),
    items: bounded(
      plan.items.map((item) => `${prefix}${item.entry.file}`),
      limit,
    ),
    skipped: bounded(
      plan.unusable.map(({ entry, reason }) => `${prefix}${entry.file}: ${reason}`),
      limit,
    ),
  };
}

/** A folder as the confirmation names it. */
export function describeFolder(folder: RegenerationFolder): string {
  return folder.kind === 'output'
    ? `${folder.folder} (the output folder)`
    : `${folder.folder} (new folder: created and git-ignored)`;
}

/** The first `limit` lines, each cut to a readable length, and the count of the rest. */
export function bounded(lines: readonly string[], limit: number): BoundedList {
  const shown = lines
    .slice(0, limit)
    .map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line));
  return { shown, more: Math.max(0, lines.length - limit) };
}

/**
 * The confirmation's detail over every workspace folder: how images are remade, the folders written to, the images
 * skipped and why.
 */
export function confirmationDetail(
  plans: readonly { readonly name: string; readonly plan: RegenerationPlan }[],
): string {
  const several = plans.length > 1;
  const summaries = plans.map((p) =>
    summarizeRegenerationPlan(p.plan, SUMMARY_LIST_LIMIT, several ? `${p.name}/` : ''),
  );
  const merged = (pick: (summary: RegenerationSummary) => BoundedList): BoundedList => {
    const lines = summaries.flatMap((summary) => pick(summary).shown);
    const more = summaries.reduce((sum, summary) => sum + pick(summary).more, 0);
    return { shown: lines.slice(0, SUMMARY_LIST_LIMIT), more: more + Math.max(0, lines.length - SUMMARY_LIST_LIMIT) };
  };
  const bullets = ({ shown, more }: BoundedList): string =>
    [...shown.map((line) => `• ${line}`), ...(more > 0 ? [`• and ${more} more`] : [])].join('\n');
  const skipped = plans.reduce((sum, p) => sum + p.plan.unusable.length, 0);
  return [
    'Each is made again from the prompt, model and options recorded in .imagestudio/manifest.json and ' +
      'saved at its recorded path; existing files are never replaced.',
    `Writes to:\n${bullets(merged((s) => s.folders))}`,
    ...(skipped > 0
      ? [`Not regenerated (${skipped}; the log lists them all):\n${bullets(merged((s) => s.skipped))}`]
      : []),
  ].join('\n\n');
}
