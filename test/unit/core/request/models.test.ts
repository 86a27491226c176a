import { strict as assert } from 'node:assert';
import { DEFAULT_MODEL, describeModel, knownModelIds } from '../../../../src/core/request/models';

const NOV_2026 = new Date('2026-11-15T12:00:00Z');

describe('describeModel', () => {
  it('defaults to an active 2.x model', () => {
    assert.equal(DEFAULT_MODEL, 'gpt-image-2');
    const model = describeModel(DEFAULT_MODEL, NOV_2026);
    assert.equal(model.family, '2.x');
    assert.equal(model.state, 'active');
    assert.equal(model.known, true);
    assert.equal(model.sizePolicy, 'flexible');
    assert.equal(model.notice, undefined);
  });

  it('gives xhigh/max only to 2.5 and 2.6', () => {
    for (const id of [
      'gpt-image-2.5-sunburst',
      'gpt-image-2.5-flare',
      'gpt-image-2.6-sunburst',
      'gpt-image-2.6-flare',
      'gpt-image-2.5-flare-2026-09-08',
    ]) {
      assert.ok(describeModel(id, NOV_2026).qualities.includes('xhigh'), id);
      assert.ok(describeModel(id, NOV_2026).qualities.includes('max'), id);
    }
    for (const id of ['gpt-image-2', 'gpt-image-1', 'gpt-image-1.5', 'gpt-image-2-2026-04-21']) {
      assert.ok(!describeModel(id, NOV_2026).qualities.includes('xhigh'), id);
    }
  });

  it('input fidelity only on 1.x', () => {
    assert.equal(describeModel('gpt-image-1.5', NOV_2026).supportsInputFidelity, true);
    assert.equal(describeModel('gpt-image-2', NOV_2026).supportsInputFidelity, false);
  });

  it('derives deprecated / shutdown from the date', () => {
    const before = describeModel('gpt-image-1', new Date('2026-10-22T23:00:00Z'));
    assert.equal(before.state, 'deprecated');
    assert.match(before.notice ?? '', /shuts down on 2026-10-23/);
    const after = describeModel('gpt-image-1', new Date('2026-10-23T00:00:00Z'));
    assert.equal(after.state, 'shutdown');
    assert.match(after.notice ?? '', /set the model to gpt-image-2/);
    assert.equal(describeModel('gpt-image-1-mini', NOV_2026).state, 'deprecated');
    assert.equal(describeModel('gpt-image-1.5', new Date('2026-12-01T00:00:00Z')).state, 'shutdown');
    assert.equal(describeModel('chatgpt-image-latest', NOV_2026).shutdownDate, '2026-12-01');
  });

  it('DALL-E is retired whatever the date', () => {
    assert.equal(describeModel('dall-e-3', new Date('2020-01-01')).state, 'retired');
    assert.equal(describeModel('dall-e-2', NOV_2026).state, 'retired');
  });

  it('unknown gpt-image-2* ids are 2.x; 2.5+ get xhigh', () => {
    const snapshot = describeModel('gpt-image-2-2027-01-01', NOV_2026);
    assert.equal(snapshot.known, false);
    assert.equal(snapshot.family, '2.x');
    assert.ok(!snapshot.qualities.includes('max'));
    assert.ok(describeModel('gpt-image-2.7-nova', NOV_2026).qualities.includes('max'));
  });

  it('other unknown ids are 1.x-like and lenient', () => {
    const custom = describeModel('my-azure-deployment', NOV_2026);
    assert.equal(custom.known, false);
    assert.equal(custom.family, '1.x');
    assert.equal(custom.sizePolicy, 'lenient');
    assert.equal(custom.state, 'active');
    assert.equal(custom.qualities.length, 6);
  });

  it('lists the known ids, all GPT Image or DALL-E', () => {
    const ids = knownModelIds();
    assert.ok(ids.includes('gpt-image-2.6-flare'));
    assert.ok(ids.every((id) => /^(gpt-image-|chatgpt-image-|dall-e-)/.test(id)));
  });
});
