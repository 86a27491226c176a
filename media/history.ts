import type { GalleryItem } from '../src/protocol/gallery';
import { el } from './dom';
import { imageCard, type CardActions } from './imageCard';
import { replaceKeepingFocus } from './keepFocus';
import type { Persisted } from './persisted';

/** Past generations from every workspace folder's manifest, newest first, filtered by a search over prompt, model and file. */
export class History {
  readonly root = el('div', { className: 'history' });
  private readonly search = document.createElement('vscode-textfield');
  private readonly grid = el('ul', { className: 'gallery', attrs: { 'data-testid': 'history', 'aria-label': 'History images' } });
  private readonly count = el('p', { className: 'meta', attrs: { 'aria-live': 'polite' } });
  private items: GalleryItem[] = [];

  constructor(private readonly persisted: Persisted, private readonly actions: CardActions) {
    this.search.setAttribute('placeholder', 'Search prompts, models, files');
    this.search.setAttribute('aria-label', 'Search history');
    this.search.setAttribute('type', 'search');
    this.search.value = persisted.get().search;
    this.search.addEventListener('input', () => {
      this.persisted.update({ search: this.search.value.slice(0, 200) });
      this.render();
    });
    this.root.append(this.search, this.count, this.grid);
  }

  set(items: GalleryItem[]): void {
    // Unchanged history is not rebuilt, so a button being clicked is not swapped out under the pointer.
    if (JSON.stringify(items) === JSON.stringify(this.items)) return;
    this.items = items;
    this.render();
  }

  find(id: string): GalleryItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  private render(): void {
    const words = this.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = this.items.filter((item) => {
      const haystack = `${item.prompt} ${item.model} ${item.label} ${item.size}`.toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
    this.count.textContent = this.items.length === 0 ? 'No images yet: generated images appear here.' : `${shown.length} of ${this.items.length} images`;
    replaceKeepingFocus(this.grid, shown.map((item) => imageCard(item, this.actions)));
  }
}
