import './elements';
import type { GalleryItem, HistoryWindow } from '../src/protocol/gallery';
import type { StateMessage } from '../src/protocol/messages';
import type { WebviewState } from '../src/protocol/webviewState';
import { Compose } from './compose';
import { button, el, icon, moveFocus } from './dom';
import { EditSection } from './editSection';
import { History } from './history';
import { maxPinnedImages } from '../src/protocol/limits';
import { HostClient } from './hostClient';
import { imageCard, type CardActions } from './imageCard';
import { replaceKeepingFocus } from './keepFocus';
import { Persisted } from './persisted';
import { renderUsage } from './usageView';

type Section = WebviewState['collapsed'][number];

const app = document.getElementById('app');
const client = new HostClient();
const persisted = new Persisted();
const actionStatus = el('p', {
  className: 'status action-status',
  attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'action-status' },
});
const keyStatus = el('div', { className: 'key-status' });
const results = el('ul', {
  className: 'gallery results',
  attrs: { 'data-testid': 'results', 'aria-label': 'Latest results' },
});
const usageRoot = el('div', { className: 'usage' });
/** The history images the page knows: the window shown, the pinned ones, and results not yet in a window. */
let gallery: GalleryItem[] = [];

const cardActions: CardActions = {
  hostAction: (action, item) => {
    actionStatus.textContent = '';
    const { reply } = client.request({ type: 'imageAction', action, imageId: item.id });
    void reply.then((answer) => {
      actionStatus.textContent = answer.ok ? answer.result.message : answer.error.message;
    });
  },
  regenerate: (item) => compose.regenerate(item),
  edit: (item) => {
    edit.edit(item);
    sections.edit.open = true;
    sections.edit.scrollIntoView({ block: 'start' });
  },
  reference: (item) => {
    edit.addReference(item);
    actionStatus.textContent = 'Added as a reference image for the next edit.';
    history.sync();
  },
};

function showResults(items: GalleryItem[]): void {
  // The reply carries the new items; the refreshed history follows in the next state.
  gallery = [...items, ...gallery.filter((g) => !items.some((i) => i.id === g.id))];
  persisted.update({ lastResultIds: items.map((i) => i.id).slice(0, 10) });
  renderResults();
  // The host pins the new results into later windows, whatever the search.
  history.sync();
  // The new result takes focus, so a screen reader reads its prompt and Tab reaches its actions.
  const first = items[0];
  if (first) moveFocus(results.querySelector<HTMLElement>(`.card[data-image-id="${CSS.escape(first.id)}"]`));
}

let resultsKey = '';
function renderResults(): void {
  const shown = persisted.get().lastResultIds.flatMap((id) => gallery.filter((g) => g.id === id));
  const key = JSON.stringify(shown);
  if (key === resultsKey) return;
  resultsKey = key;
  replaceKeepingFocus(
    results,
    shown.map((item) => imageCard(item, cardActions)),
  );
}

/** The images the page holds on to whatever the history shows: its results, the image being edited, its references. */
function pinned(): string[] {
  const { lastResultIds, editImageId, referenceIds } = persisted.get();
  return [...new Set([...lastResultIds, ...(editImageId ? [editImageId] : []), ...referenceIds])].slice(
    0,
    maxPinnedImages,
  );
}

function showWindow(window: HistoryWindow): void {
  // A pinned image is often in the window too: each image once.
  const fresh = [...new Map([...window.items, ...window.pinned].map((item) => [item.id, item])).values()];
  // Results a job just made stay until a window lists them.
  const { lastResultIds } = persisted.get();
  const kept = gallery.filter(
    (g) => !fresh.some((f) => f.id === g.id) && lastResultIds.includes(g.id) && g.availability === 'available',
  );
  gallery = [...fresh, ...kept];
  edit.set(gallery);
  renderResults();
}

const compose = new Compose(client, persisted, showResults);
const edit = new EditSection(
  client,
  persisted,
  () => compose.options(),
  showResults,
  () => history.sync(),
);
const history = new History({ client, persisted, actions: cardActions, pinned, onWindow: showWindow });

function section(name: Section, title: string, ...content: Node[]): HTMLElementTagNameMap['vscode-collapsible'] {
  const node = document.createElement('vscode-collapsible');
  node.setAttribute('heading', title);
  node.dataset['section'] = name;
  node.open = !persisted.get().collapsed.includes(name);
  node.addEventListener('vsc-collapsible-toggle', () => {
    const others = persisted.get().collapsed.filter((s) => s !== name);
    persisted.update({ collapsed: node.open ? others : [...others, name] });
  });
  node.append(el('div', { className: 'section-body' }, ...content));
  return node;
}

const sections = {
  compose: section('compose', 'Compose', compose.root, results),
  edit: section('edit', 'Edit', edit.root),
  history: section('history', 'History', history.root),
  usage: section('usage', 'Usage', usageRoot),
};

function render(state: StateMessage): void {
  keyStatus.replaceChildren(
    state.hasApiKey
      ? el('span', { className: 'meta' }, icon('pass'), ' API key set')
      : el(
          'span',
          { className: 'warning' },
          icon('key'),
          ' No API key yet. ',
          button('Set API Key', 'key', () => client.send({ type: 'runFix', fix: { kind: 'set-api-key' } }), {
            secondary: true,
          }),
        ),
  );
  compose.setState(state);
  history.set(state.history);
  renderUsage(usageRoot, state.usage);
}

if (app) {
  app.append(keyStatus, actionStatus, sections.compose, sections.edit, sections.history, sections.usage);
}
client.onState(render);
// Posted only after the listener exists, so the host's first message cannot be lost.
client.send({ type: 'ready' });
