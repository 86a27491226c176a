import { strict as assert } from 'node:assert';
import { randomHex } from '../../../../src/core/files/randomHex';

describe('randomHex', () => {
  it('gives two lowercase hex digits per byte, a new value each time', () => {
    for (const bytes of [2, 4, 8]) assert.match(randomHex(bytes), new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
    assert.equal(new Set(Array.from({ length: 20 }, () => randomHex(8))).size, 20);
  });
});
