import { strict as assert } from 'node:assert';
import { describeUsageEntry, summarizeSpend } from '../../../../src/core/spend/spendSummary';
import type { UsageEntry } from '../../../../src/core/spend/usageLedger';

const totals = { todayUsd: 0.042, monthUsd: 1.25, todayImages: 1, monthImages: 7 };

describe('summarizeSpend', () => {
  it('states today and the month without a cap', () => {
    const summary = summarizeSpend(totals, 0);
    assert.equal(summary.short, '$0.042 today');
    assert.equal(summary.today, '$0.042 today (1 image)');
    assert.equal(summary.month, '$1.25 this month (7 images), no monthly cap');
    assert.equal(summary.level, 'ok');
  });

  it('states the share of the cap and warns from 80%, then over it', () => {
    assert.equal(summarizeSpend(totals, 20).month, '$1.25 this month of a $20.00 cap (6%), 7 images');
    assert.equal(summarizeSpend(totals, 20).level, 'ok');
    assert.equal(summarizeSpend({ ...totals, monthUsd: 16 }, 20).level, 'warning');
    assert.equal(summarizeSpend({ ...totals, monthUsd: 20 }, 20).level, 'over');
  });

  it('says how much of the spend is possibly billed (failed requests counted at their estimate)', () => {
    const withFailed = { ...totals, todayPossiblyBilledUsd: 0.042, monthPossiblyBilledUsd: 0.042 };
    assert.equal(summarizeSpend(withFailed, 0).today, '$0.042 today (1 image, $0.042 of it possibly billed)');
    assert.equal(
      summarizeSpend(withFailed, 20).month,
      '$1.25 this month of a $20.00 cap (6%), 7 images, $0.042 of it possibly billed',
    );
    assert.equal(
      summarizeSpend({ ...totals, todayPossiblyBilledUsd: 0, monthPossiblyBilledUsd: 0 }, 0).today,
      '$0.042 today (1 image)',
    );
  });

  it('treats a NaN cap as no cap rather than as always over', () => {
    assert.equal(summarizeSpend(totals, Number.NaN).level, 'ok');
  });
});

describe('describeUsageEntry', () => {
  const entry: UsageEntry = {
    at: new Date(2026, 10, 30, 14, 3).toISOString(),
    model: 'gpt-image-2',
    kind: 'generate',
    images: 2,
    inputTokens: 10,
    outputTokens: 100,
    costUsd: 0.084,
    estimated: true,
    requestId: 'req_123',
    cached: false,
    promptPreview: 'a lighthouse at dusk',
  };

  it('puts the prompt first and the when, model, count, cost and request id in the detail', () => {
    assert.deepEqual(describeUsageEntry(entry), {
      label: 'a lighthouse at dusk',
      detail: '2026-11-30 14:03 · generate · gpt-image-2 · 2 images · $0.084 (estimated) · req_123',
    });
  });

  it('marks a possibly billed entry, with its estimate', () => {
    assert.match(
      describeUsageEntry({ ...entry, images: 0, possiblyBilled: true }).detail,
      /0 images · \$0\.084 possibly billed \(estimated; the request failed after it was sent\) · req_123$/,
    );
  });

  it('says a cache hit cost nothing', () => {
    const cachedEntry: UsageEntry = { ...entry };
    delete cachedEntry.requestId;
    assert.match(
      describeUsageEntry({ ...cachedEntry, cached: true, images: 1, costUsd: 0, promptPreview: '' }).detail,
      /1 image · cache, no charge$/,
    );
    assert.equal(describeUsageEntry({ ...cachedEntry, promptPreview: '' }).label, '(no prompt)');
  });
});
