import { strict as assert } from 'node:assert';
import { describeModel } from '../../../src/core/request/models';
import { modelChoices } from '../../../src/panel/modelChoices';
import { composeRequest } from '../../../src/panel/composeRequest';

const today = new Date('2026-11-30T12:00:00Z');

describe('panel: model choices', () => {
  it('offers only usable models, each with only the options it accepts', () => {
    const choices = modelChoices('gpt-image-2', 'auto', today);
    const ids = choices.map((c) => c.id);
    assert.ok(ids.includes('gpt-image-2'));
    assert.ok(!ids.includes('dall-e-3'), 'retired models are not offered');
    assert.ok(!ids.includes('gpt-image-1'), 'shut-down models are not offered');
    const two = choices.find((c) => c.id === 'gpt-image-2');
    assert.deepEqual(two?.qualities, ['low', 'medium', 'high', 'auto']);
    const flare = choices.find((c) => c.id === 'gpt-image-2.5-flare');
    assert.ok(flare?.qualities.includes('max'));
    const mini = choices.find((c) => c.id === 'gpt-image-1-mini');
    assert.deepEqual(mini?.sizes, ['auto', '1024x1024', '1536x1024', '1024x1536']);
    assert.match(mini?.notice ?? '', /deprecated/);
  });

  it('every offered combination of size and quality is accepted by core', () => {
    for (const choice of modelChoices('gpt-image-2', 'auto', today)) {
      for (const size of choice.sizes) {
        for (const quality of choice.qualities) {
          composeRequest(
            'x',
            {
              model: choice.id,
              size,
              quality,
              background: 'auto',
              outputFormat: 'png',
              outputCompression: null,
              n: 1,
              stream: false,
            },
            0,
            undefined,
            today,
          );
        }
      }
      assert.equal(choice.backgrounds.includes('transparent'), describeModel(choice.id, today).supportsTransparent);
    }
  });

  it('keeps the model and size from settings selectable, even when unknown', () => {
    const choices = modelChoices('my-azure-deployment', '640x480', today);
    assert.equal(choices[0]?.id, 'my-azure-deployment');
    assert.ok(choices[0]?.sizes.includes('640x480'));
    assert.match(choices[0]?.label ?? '', /not in Image Studio's table/);
  });
});
