import { describeAgent } from '../src/facts/agentNames';
import type { GalleryItem } from '../src/protocol/gallery';
import type { ImageAction } from '../src/protocol/messages';
import { button, el, usd } from './dom';

export interface CardActions {
  hostAction(action: ImageAction, item: GalleryItem): void;
  regenerate(item: GalleryItem): void;
  edit(item: GalleryItem): void;
  reference(item: GalleryItem): void;
}

/**
 * One image (a list item of its gallery) with its prompt (as text, whatever it contains) and every action
 * on it, each a button named by its label. The item itself takes focus from script only, after a job.
 */
export function imageCard(item: GalleryItem, actions: CardActions): HTMLElement {
  const name = item.prompt.trim() || item.label;
  const date = new Date(item.createdAt);
  const cost = item.costUsd !== undefined ? usd(item.costUsd) : 'cost unknown';
  const meta = `${item.model} · ${item.size} · ${cost} · ${Number.isNaN(date.getTime()) ? '' : date.toLocaleString()}`;
  const agent = item.agent ? describeAgent(item.agent) : undefined;
  const attrs = {
    'data-image-id': item.id,
    'data-availability': item.availability,
    // The mark is part of the card's name, so a screen reader hears who made the image with its prompt.
    'aria-label': agent ? `${name.slice(0, 120)}, by an agent: ${agent}` : name.slice(0, 120),
    tabindex: '-1',
  };
  const card = (picture: HTMLElement, bar: HTMLElement) =>
    el(
      'li',
      { className: 'card', attrs },
      picture,
      el('p', { className: 'prompt-text', text: item.prompt }),
      el('p', { className: 'meta', text: meta }),
      ...(agent
        ? [
            el('p', {
              className: 'meta agent-mark',
              attrs: { 'data-testid': 'agent-mark' },
              text: `By an agent: ${agent}`,
            }),
          ]
        : []),
      bar,
    );
  const group = (...buttons: HTMLElement[]) =>
    el('div', { className: 'actions', attrs: { role: 'group', 'aria-label': 'Image actions' } }, ...buttons);
  if (item.availability === 'unavailable') {
    // Its path failed the workspace check: listed so the person knows, never shown, opened, linked, edited or deleted.
    const why = `Unavailable: ${item.reason ?? 'its path failed the workspace check'} (${item.label})`;
    return card(
      el('div', { className: 'thumb unavailable', attrs: { 'data-testid': 'unavailable' }, text: why }),
      group(
        button('Copy Prompt', 'quote', () => actions.hostAction('copyPrompt', item), {
          iconOnly: true,
          testId: 'copyPrompt',
        }),
      ),
    );
  }
  const picture = item.src
    ? el('img', { className: 'thumb', attrs: { alt: name.slice(0, 200), loading: 'lazy' } })
    : // An available file outside the output folders (the webview's roots) cannot be shown.
      el('div', {
        className: 'thumb missing',
        text: item.availability === 'missing' ? 'File missing' : 'Not in the output folder',
      });
  if (picture instanceof HTMLImageElement && item.src) picture.src = item.src;
  const host = (action: ImageAction) => () => actions.hostAction(action, item);
  // A group, not a toolbar: every button is its own Tab stop, as the rest of the panel.
  return card(
    picture,
    group(
      button('Insert Link', 'insert', host('insertLink'), { iconOnly: true, testId: 'insertLink' }),
      button('Open', 'go-to-file', host('open'), { iconOnly: true, testId: 'open' }),
      button('Reveal in Explorer', 'folder-opened', host('reveal'), { iconOnly: true, testId: 'reveal' }),
      button('Copy Path', 'copy', host('copyPath'), { iconOnly: true, testId: 'copyPath' }),
      button('Copy Prompt', 'quote', host('copyPrompt'), { iconOnly: true, testId: 'copyPrompt' }),
      button('Regenerate', 'refresh', () => actions.regenerate(item), { iconOnly: true, testId: 'regenerate' }),
      button('Edit', 'edit', () => actions.edit(item), { iconOnly: true, testId: 'edit' }),
      button('Use as Reference', 'references', () => actions.reference(item), { iconOnly: true, testId: 'reference' }),
      button('Delete', 'trash', host('delete'), { iconOnly: true, testId: 'delete' }),
    ),
  );
}
