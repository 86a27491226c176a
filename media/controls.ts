import { el } from './dom';

let counter = 0;

/** A labelled vscode-single-select; the label is a real <vscode-label for>, so screen readers name the control. */
export function labelledSelect(
  label: string,
  values: readonly { value: string; text: string }[],
  current: string,
  onChange: (value: string) => void,
  name: string,
): HTMLElement {
  const id = `select-${name}-${++counter}`;
  const select = document.createElement('vscode-single-select');
  select.id = id;
  select.dataset['option'] = name;
  select.setAttribute('aria-label', label);
  for (const { value, text } of values) {
    const option = document.createElement('vscode-option');
    option.setAttribute('value', value);
    option.textContent = text;
    if (value === current) option.setAttribute('selected', '');
    select.append(option);
  }
  select.addEventListener('change', () => onChange(select.value));
  const labelNode = document.createElement('vscode-label');
  labelNode.htmlFor = id;
  labelNode.textContent = label;
  return el('div', { className: 'field' }, labelNode, select);
}
