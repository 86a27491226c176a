import type { ManifestEntry } from '../core/files/manifest';
import { agentSearchText } from '../protocol/agentMark';
import { imageIdPattern } from '../protocol/gallery';

/** One manifest entry and the workspace folder it came from (`F` is whatever the host finds the folder by). */
export interface HistoryEntry<F> {
  readonly folder: F;
  /** Shown and searched with the file, so images of several folders can be told apart. */
  readonly folderName: string;
  readonly entry: ManifestEntry;
}

/** What a check of the entry's path found: the resolved absolute path when it passed the workspace check. */
export type Availability =
  | { readonly kind: 'available'; readonly path: string }
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** One folder's manifest entries. */
export interface FolderEntries<F> {
  readonly folder: F;
  readonly folderName: string;
  readonly entries: readonly ManifestEntry[];
}

export interface CheckedEntry<F> {
  readonly entry: HistoryEntry<F>;
  readonly availability: Availability;
}

export interface HistoryWindowEntries<F> {
  readonly entries: CheckedEntry<F>[];
  readonly matching: number;
  readonly total: number;
}

/**
 * Every folder's entries, newest first (a later entry wins a tie, as manifests append), one per id (the
 * newest), and only ids the protocol can carry. Reads the entries only: no file is touched.
 */
export function orderHistory<F>(folders: readonly FolderEntries<F>[]): HistoryEntry<F>[] {
  // Times parsed once, not in every comparison: a manifest may hold tens of thousands of entries.
  const keyed = folders.flatMap(({ folder, folderName, entries }) =>
    entries.map((entry) => ({
      item: { folder, folderName, entry },
      time: Date.parse(entry.createdAt) || 0,
      sequence: 0,
    })),
  );
  keyed.forEach((k, index) => {
    k.sequence = index;
  });
  keyed.sort((a, b) => b.time - a.time || b.sequence - a.sequence);
  const seen = new Set<string>();
  const ordered: HistoryEntry<F>[] = [];
  for (const { item } of keyed) {
    if (seen.has(item.entry.id) || !imageIdPattern.test(item.entry.id)) continue;
    seen.add(item.entry.id);
    ordered.push(item);
  }
  return ordered;
}

/**
 * The lower-cased words of a search; an entry matches when its prompt, model, file, size or agent mark ("agent", the
 * client, the tool) holds every one.
 */
export function searchWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

export function matchesSearch<F>(item: HistoryEntry<F>, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const { entry } = item;
  const agent = entry.agent ? ` ${agentSearchText(entry.agent)}` : '';
  const haystack =
    `${entry.prompt} ${entry.model} ${item.folderName}/${entry.file} ${entry.options.size}${agent}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * The history in pages: searches run over every entry in memory, while files are checked only for the
 * entries a window shows, each at most once (the answer is kept until the pager is replaced).
 */
export class HistoryPager<F> {
  private readonly byId: Map<string, HistoryEntry<F>>;
  private readonly checks = new Map<string, Promise<Availability>>();
  private lastSearch: { readonly query: string; readonly matches: readonly HistoryEntry<F>[] } | undefined;

  constructor(
    private readonly entries: readonly HistoryEntry<F>[],
    private readonly check: (entry: HistoryEntry<F>) => Promise<Availability>,
  ) {
    this.byId = new Map(entries.map((item) => [item.entry.id, item]));
  }

  get total(): number {
    return this.entries.length;
  }

  find(id: string): HistoryEntry<F> | undefined {
    return this.byId.get(id);
  }

  /** The newest `count` entries matching `query`, checked; how many match and how many there are. */
  async window(query: string, count: number): Promise<HistoryWindowEntries<F>> {
    const matches = this.matching(query);
    const shown = matches.slice(0, Math.max(0, count));
    const entries = await Promise.all(shown.map(async (entry) => ({ entry, availability: await this.checked(entry) })));
    return { entries, matching: matches.length, total: this.entries.length };
  }

  /**
   * The check of one entry, made once; a check that throws makes the entry unavailable rather than failing the page.
   */
  checked(item: HistoryEntry<F>): Promise<Availability> {
    let result = this.checks.get(item.entry.id);
    if (!result) {
      result = this.check(item).catch((): Availability => ({ kind: 'unavailable', reason: 'it could not be checked' }));
      this.checks.set(item.entry.id, result);
    }
    return result;
  }

  private matching(query: string): readonly HistoryEntry<F>[] {
    if (this.lastSearch?.query !== query) {
      const words = searchWords(query);
      const matches = words.length === 0 ? this.entries : this.entries.filter((item) => matchesSearch(item, words));
      this.lastSearch = { query, matches };
    }
    return this.lastSearch.matches;
  }
}
