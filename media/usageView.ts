import { describeAgent } from '../src/facts/agentNames';
import type { UsageRow, UsageSummary } from '../src/protocol/usage';
import { el, usd } from './dom';

/**
 * Spend today and this month against the monthly budget (the extension's and the CLI's, one account), and the last
 * requests with their cost, where they ran and the agent that asked.
 */
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
        el('td', { className: r.agent ? 'agent-mark' : '', text: ranBy(r) }),
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
            el('th', { text: 'From' }),
            el('th', { text: 'Images' }),
            el('th', { text: 'Cost' }),
          ),
        ),
        el('tbody', {}, ...rows),
      ),
    );
  }
  for (const notice of usage.notices ?? []) parts.push(el('p', { className: 'warning', text: notice }));
  root.replaceChildren(...parts);
}

/** Where a request ran, and the agent that asked for it: "CLI · by an agent: Claude Code · generate_image". */
export function ranBy(row: Pick<UsageRow, 'source' | 'agent'>): string {
  const where = row.source === 'cli' ? 'CLI' : 'VS Code';
  return row.agent ? `${where} · by an agent: ${describeAgent(row.agent)}` : where;
}

/**
 * A failed request that may still be charged counts at its estimate; the summary says how much of the month that is.
 */
function possiblyBilled(monthUsd: number | undefined): string {
  return monthUsd !== undefined && monthUsd > 0
    ? `, ${usd(monthUsd)} of it possibly billed (requests that failed after they were sent)`
    : '';
}
