import * as assert from 'node:assert/strict';
import { MAX_REQUEST_TIMEOUT_MS, MIN_REQUEST_TIMEOUT_MS, timeoutFor } from '../../../../src/core/api/requestTimeout';

const MINUTE = 60_000;
const generate = (
  quality: 'low' | 'medium' | 'high' | 'auto' | 'xhigh' | 'max',
  size = '1024x1024',
  n = 1,
): Parameters<typeof timeoutFor>[0] => ({ kind: 'generate', quality, size, n });

describe('transport: timeoutFor', () => {
  it('gives each quality its budget at 1024x1024', () => {
    assert.deepEqual(
      (['low', 'medium', 'high', 'auto', 'xhigh', 'max'] as const).map((q) => timeoutFor(generate(q)) / MINUTE),
      [2, 4, 6, 6, 10, 10],
    );
  });

  it('never goes under 2 minutes, even for small images', () => {
    assert.equal(timeoutFor(generate('low', '256x256')), MIN_REQUEST_TIMEOUT_MS);
    assert.ok(timeoutFor(generate('high', '256x256')) >= 3 * MINUTE, 'high is never cut off under 3 minutes');
  });

  it('scales up for more pixels, more images and edits, within the cap', () => {
    assert.equal(timeoutFor(generate('high', '2048x2048')), 24 * MINUTE);
    assert.equal(timeoutFor(generate('medium', '1024x1024', 5)), 8 * MINUTE);
    assert.equal(timeoutFor({ kind: 'edit', quality: 'medium', size: '1024x1024', n: 1 }), 5 * MINUTE);
    assert.equal(timeoutFor(generate('max', '3840x2160', 10)), MAX_REQUEST_TIMEOUT_MS);
  });
});
