/** Builds DOM nodes from data with textContent only; no HTML strings anywhere in the panel (W4). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** A codicon, hidden from screen readers (the control next to it carries the label). */
export function icon(name: string): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A vscode-button with an icon and a text label (or an aria-label when icon-only). */
export function button(
  label: string,
  iconName: string | undefined,
  onClick: () => void,
  options: { secondary?: boolean; iconOnly?: boolean; testId?: string } = {},
): HTMLElement {
  const b = document.createElement('vscode-button');
  if (iconName) b.setAttribute('icon', iconName);
  if (options.secondary) b.setAttribute('secondary', '');
  if (options.iconOnly) {
    b.setAttribute('icon-only', '');
    b.setAttribute('aria-label', label);
    b.setAttribute('title', label);
  } else {
    b.textContent = label;
  }
  if (options.testId) b.dataset['testid'] = options.testId;
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Moves focus after an action the person started in the panel, never while they work elsewhere (the
 * editor keeps its focus when a job ends in the background), and brings the target into view.
 */
export function moveFocus(target: HTMLElement | null | undefined): void {
  if (!target || !document.hasFocus() || target.closest('[hidden]')) return;
  focusWhenReady(target, () => target.scrollIntoView({ block: 'nearest' }));
}

/**
 * Focuses an element once it can take focus: a vscode-elements component (Lit) sets its tabindex in its
 * first render, after it is connected, so a button just built is focused after its `updateComplete`.
 */
export function focusWhenReady(target: HTMLElement, then?: () => void): void {
  const rendered = (target as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
  void Promise.resolve(rendered).then(() => {
    if (!target.isConnected) return;
    target.focus({ preventScroll: true });
    then?.();
  });
}

/** Dollars for display, the same rounding as the host's. */
export function usd(value: number): string {
  if (!Number.isFinite(value) || value <= 0) return '$0.00';
  if (value < 0.001) return '<$0.001';
  if (value < 1) return `$${value.toFixed(3)}`;
  return `$${value.toFixed(2)}`;
}
