import { strict as assert } from 'node:assert';
import { checkBudget } from '../../../../src/core/spend/budget';
import { ImageStudioError } from '../../../../src/core/errors';

describe('checkBudget', () => {
  it('allows a request with no limits set', () => {
    assert.deepEqual(checkBudget({ estimateUsd: 5, totals: { monthUsd: 100 } }), { kind: 'ok' });
  });

  it('asks for confirmation above the threshold, not at or below it', () => {
    assert.deepEqual(checkBudget({ estimateUsd: 0.25, totals: { monthUsd: 0 }, confirmAboveUsd: 0.25 }), {
      kind: 'ok',
    });
    const decision = checkBudget({ estimateUsd: 0.26, totals: { monthUsd: 1.5 }, confirmAboveUsd: 0.25 });
    assert.equal(decision.kind, 'confirm');
    assert.match(
      decision.kind === 'confirm' ? decision.message : '',
      /\$0\.260.*\$0\.250.*imageStudio\.confirmAboveUsd.*\$1\.50/,
    );
  });

  it('refuses a request that would pass the monthly cap, naming the total, the cap and the setting', () => {
    assert.throws(
      () => checkBudget({ estimateUsd: 0.5, totals: { monthUsd: 9.75 }, monthlyCapUsd: 10 }),
      (err: unknown) =>
        err instanceof ImageStudioError &&
        err.kind === 'budget-exceeded' &&
        err.message.startsWith(
          "This request would bring this month's spend to $10.25, " +
            'over your cap of $10.00 set in imageStudio.monthlyBudgetUsd.',
        ) &&
        err.fixes.some((fix) => fix.kind === 'open-settings' && fix.setting === 'imageStudio.monthlyBudgetUsd'),
    );
  });

  it('allows a request that lands exactly on the cap, and the cap wins over confirmation', () => {
    assert.deepEqual(checkBudget({ estimateUsd: 0.25, totals: { monthUsd: 9.75 }, monthlyCapUsd: 10 }), { kind: 'ok' });
    assert.throws(
      () => checkBudget({ estimateUsd: 2, totals: { monthUsd: 9 }, monthlyCapUsd: 10, confirmAboveUsd: 1 }),
      /over your cap/,
    );
  });

  it('treats a 0 cap or threshold as unset', () => {
    assert.deepEqual(checkBudget({ estimateUsd: 3, totals: { monthUsd: 50 }, monthlyCapUsd: 0, confirmAboveUsd: 0 }), {
      kind: 'ok',
    });
  });

  it('treats a NaN or negative estimate as the worst case', () => {
    assert.throws(
      () => checkBudget({ estimateUsd: Number.NaN, totals: { monthUsd: 0 }, monthlyCapUsd: 10 }),
      /unknown amount/,
    );
    assert.equal(checkBudget({ estimateUsd: -1, totals: { monthUsd: 0 }, confirmAboveUsd: 1 }).kind, 'confirm');
  });

  it('names the CLI flags instead of settings when told, with no Open Settings button', () => {
    const limitNames = { monthlyCap: '--monthly-budget', confirmAbove: '--confirm-above', areSettings: false };
    assert.throws(
      () => checkBudget({ estimateUsd: 1, totals: { monthUsd: 0 }, monthlyCapUsd: 0.5, limitNames }),
      (err: unknown) =>
        err instanceof ImageStudioError && /set in --monthly-budget\./.test(err.message) && err.fixes.length === 0,
    );
    const decision = checkBudget({ estimateUsd: 1, totals: { monthUsd: 0 }, confirmAboveUsd: 0.5, limitNames });
    assert.match(decision.kind === 'confirm' ? decision.message : '', /\(--confirm-above\)/);
  });
});
