import type { HistoryWindow } from '../src/protocol/gallery';
import { historyPageSize, maxGalleryItems, maxHistoryQueryChars } from '../src/protocol/limits';
import { button, el } from './dom';
import type { HostClient } from './hostClient';
import { imageCard, type CardActions } from './imageCard';
import { replaceKeepingFocus } from './keepFocus';
import type { Persisted } from './persisted';

export interface HistoryDeps {
  readonly client: HostClient;
  readonly persisted: Persisted;
  readonly actions: CardActions;
  /** The ids the page holds on to whatever the search (results, the image being edited, references). */
  readonly pinned: () => string[];
  /** Each new window, for the parts of the page that pick from the history. */
  readonly onWindow: (window: HistoryWindow) => void;
}

/**
 * Past generations from every workspace folder's manifest, newest first, a page at a time: the host
 * searches every entry (prompt, model, file, size, agent) and checks on disk only the images it sends. More
 * come with "Show more", or by themselves when the person scrolls to it.
 */
export class History {
  readonly root = el('div', { className: 'history' });
  private readonly search = document.createElement('vscode-textfield');
  private readonly grid = el('ul', {
    className: 'gallery',
    attrs: { 'data-testid': 'history', 'aria-label': 'History images' },
  });
  private readonly count = el('p', {
    className: 'meta',
    attrs: { 'aria-live': 'polite', 'data-testid': 'history-count' },
  });
  private readonly notices = el('div', { className: 'history-notices' });
  /** Holds "Show more"; hidden when everything matching is shown. */
  private readonly more = el('div', { className: 'history-more' });
  private window: HistoryWindow | undefined;
  private windowKey = '';
  /** The latest request; older answers are ignored. */
  private requestSeq = 0;
  private pending: { readonly query: string; readonly count: number } | undefined;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private synced = false;

  constructor(private readonly deps: HistoryDeps) {
    this.search.setAttribute('placeholder', 'Search prompts, models, files, agents');
    this.search.setAttribute('aria-label', 'Search history');
    this.search.setAttribute('type', 'search');
    this.search.value = deps.persisted.get().search;
    this.search.addEventListener('input', () => {
      deps.persisted.update({ search: this.query() });
      // Every keystroke is not a request: the host searches once the person pauses.
      if (this.searchTimer) clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.request(this.query(), historyPageSize), 150);
    });
    this.more.append(
      button('Show more', 'chevron-down', () => this.showMore(), { secondary: true, testId: 'showMore' }),
    );
    this.more.hidden = true;
    // Scrolling the button into view asks for the next page, as pressing it does.
    new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !this.more.hidden) this.showMore();
    }).observe(this.more);
    this.root.append(this.search, this.count, this.notices, this.grid, this.more);
  }

  /** The window a state push carries: shown, unless it answers another search than the one typed. */
  set(window: HistoryWindow): void {
    if (window.query !== this.query()) {
      if (this.pending?.query !== this.query()) this.request(this.query(), historyPageSize);
      return;
    }
    this.show(window);
    // A reloaded page tells the host once which images it holds on to (the host's window may predate it).
    if (!this.synced) {
      this.synced = true;
      const found = new Set([...window.items, ...window.pinned].map((item) => item.id));
      if (this.deps.pinned().some((id) => !found.has(id))) this.sync();
    }
  }

  /** Asks again for what is shown, after the pinned images changed. */
  sync(): void {
    this.request(this.query(), this.window?.items.length || historyPageSize);
  }

  private query(): string {
    return this.search.value.slice(0, maxHistoryQueryChars);
  }

  private showMore(): void {
    const shown = this.window?.items.length ?? 0;
    if (this.pending || !this.window || shown >= Math.min(this.window.matching, maxGalleryItems)) return;
    this.request(this.window.query, Math.min(shown + historyPageSize, maxGalleryItems));
  }

  private request(query: string, count: number): void {
    const seq = ++this.requestSeq;
    this.pending = { query, count };
    const { reply } = this.deps.client.request({
      type: 'history',
      query,
      count: Math.max(1, count),
      pinned: this.deps.pinned(),
    });
    void reply.then((answer) => {
      if (seq !== this.requestSeq) return;
      this.pending = undefined;
      if (answer.ok) this.show(answer.result.history);
      else if (!answer.ok) this.count.textContent = answer.error.message;
    });
  }

  private show(window: HistoryWindow): void {
    const key = JSON.stringify(window);
    // An unchanged history is not rebuilt, so a button being clicked is not swapped out under the pointer.
    if (key === this.windowKey) return;
    this.windowKey = key;
    this.window = window;
    const shown = window.items.length;
    const partial = shown < window.matching ? ` · showing the newest ${shown}` : '';
    this.count.textContent =
      window.total === 0
        ? 'No images yet: generated images appear here.'
        : `${window.matching} of ${window.total} images${partial}`;
    const capped = shown >= maxGalleryItems && shown < window.matching;
    this.notices.replaceChildren(
      ...window.notices.map((text) => el('p', { className: 'warning', text })),
      ...(capped
        ? [
            el('p', {
              className: 'meta',
              text: `Search to find older images: the panel lists the newest ${maxGalleryItems}.`,
            }),
          ]
        : []),
    );
    replaceKeepingFocus(
      this.grid,
      window.items.map((item) => imageCard(item, this.deps.actions)),
    );
    this.more.hidden = shown >= window.matching || capped;
    this.deps.onWindow(window);
  }
}
