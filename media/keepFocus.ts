import { focusWhenReady } from './dom';

/**
 * Rebuilds a gallery without losing the keyboard's place: when focus was on a card (or one of its
 * buttons) and that image is still shown, the same card or button gets focus back. Without this, a
 * state push that rebuilds the cards would drop focus to the page and a screen reader would lose it.
 */
export function replaceKeepingFocus(container: HTMLElement, children: HTMLElement[]): void {
  const active = document.activeElement;
  const card =
    active instanceof HTMLElement && container.contains(active) ? active.closest<HTMLElement>('[data-image-id]') : null;
  const imageId = card?.dataset['imageId'];
  const testId = active instanceof HTMLElement && active !== card ? active.dataset['testid'] : undefined;
  container.replaceChildren(...children);
  if (imageId === undefined) return;
  const again = children.find((c) => c.dataset['imageId'] === imageId);
  const target = testId ? again?.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`) : again;
  if (target) focusWhenReady(target);
}
