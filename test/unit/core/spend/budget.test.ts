import { strict as assert } from 'node:assert';
import { checkBudget, costQuestionText } from '../../../../src/core/spend/budget';
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
    assert.deepEqual(decision, { kind: 'confirm', question: { estimateUsd: 0.26, thresholdUsd: 0.25, spentUsd: 1.5 } });
    assert.match(
      decision.kind === 'confirm' ? costQuestionText(decision.question, 'the threshold') : '',
      /\$0\.260.*\$0\.250 \(the threshold\).*\$1\.50\. Generate anyway\?$/,
    );
    assert.doesNotMatch(
      decision.kind === 'confirm' ? costQuestionText(decision.question, 'the threshold', false) : '',
      /Generate anyway/,
    );
  });

  it('refuses a request that would pass the monthly cap, with the total, the cap and the spend as data', () => {
    assert.throws(
      () => checkBudget({ estimateUsd: 0.5, totals: { monthUsd: 9.75 }, monthlyCapUsd: 10 }),
      (err: unknown) =>
        err instanceof ImageStudioError &&
        err.kind === 'budget-exceeded' &&
        err.reason.kind === 'budget-exceeded' &&
        err.reason.spentUsd === 9.75 &&
        err.reason.capUsd === 10 &&
        err.reason.estimateUsd === 0.5 &&
        err.message.startsWith(
          "This request would bring this month's spend to $10.25, over your cap of $10.00 set in the monthly budget.",
        ),
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
});
