import type { UsageSummary } from '../src/protocol/usage';
import { el, usd } from './dom';

/** Spend today and this month against the monthly budget, and the last requests with their cost. */
export function renderUsage(root: HTMLElement, usage: UsageSummary): void {
  const budget = usage.monthlyBudgetUsd;
  const summary = el('p', {
    className: 'usage-summary',
    attrs: { 'data-testid': 'usage' },
    text:
      `Today ${usd(usage.todayUsd)} · This month ${usd(usage.monthUsd)}` +
      (budget > 0 ? ` of ${usd(budget)} budget` : ' (no monthly budget set)') +
      possiblyBilled(usage.monthPossiblyBilledUsd),
  });
  const parts: HTMLElement[] = [summary];
  if (budget > 0) {
    const meter = el('meter', {
      attrs: {
        min: '0',
        max: String(budget),
        value: String(Math.min(usage.monthUsd, budget)),
        high: String(budget * 0.8),
        'aria-label': 'Share of the monthly budget spent',
      },
    });
    parts.push(meter);
  }
  if (usage.recent.length === 0) {
    parts.push(el('p', { className: 'meta', text: 'No requests yet.' }));
  } else {
    const rows = usage.recent.map((r) =>
      el(
        'tr',
        {},
        el('td', { text: new Date(r.at).toLocaleString() }),
        el('td', { text: r.promptPreview }),
        el('td', { text: `${r.images} × ${r.model}` }),
        el('td', {
          className: 'num',
          text: r.cached
            ? 'cached'
            : r.possiblyBilled === true
              ? `${usd(r.costUsd)}* possibly billed`
              : `${usd(r.costUsd)}${r.estimated ? '*' : ''}`,
        }),
      ),
    );
    parts.push(
      el(
        'table',
        { className: 'usage-table' },
        el('caption', { text: 'Last requests (* estimated)' }),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { text: 'When' }),
            el('th', { text: 'Prompt' }),
            el('th', { text: 'Images' }),
            el('th', { text: 'Cost' }),
          ),
        ),
        el('tbody', {}, ...rows),
      ),
    );
  }
  root.replaceChildren(...parts);
}

/**
 * A failed request that may still be charged counts at its estimate; the summary says how much of the month that is.
 */
function possiblyBilled(monthUsd: number | undefined): string {
  return monthUsd !== undefined && monthUsd > 0
    ? `, ${usd(monthUsd)} of it possibly billed (requests that failed after they were sent)`
    : '';
}
