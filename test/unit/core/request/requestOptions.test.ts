import { strict as assert } from 'node:assert';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { requestOptionsFromSettings } from '../../../../src/core/request/requestOptions';
import { parseSettings } from '../../../../src/core/request/settings';

describe('requestOptionsFromSettings', () => {
  it('takes the image options from the settings, and never streams previews nobody would see', () => {
    const options = requestOptionsFromSettings(
      parseSettings({ model: 'gpt-image-2', imageCount: 2, quality: 'low', partialImages: 2, streamPreviews: true }),
    );
    assert.deepEqual(options, {
      model: 'gpt-image-2',
      n: 2,
      size: 'auto',
      quality: 'low',
      background: 'auto',
      outputFormat: 'png',
    });
  });

  it('sends compression only with formats that have it, so the request stays valid', () => {
    assert.equal('outputCompression' in requestOptionsFromSettings(parseSettings({ outputCompression: 50 })), false);
    const webp = requestOptionsFromSettings(parseSettings({ outputFormat: 'webp', outputCompression: 50 }));
    assert.equal(webp.outputCompression, 50);
    assert.doesNotThrow(() => parseImageRequest({ kind: 'generate', prompt: 'p', ...webp }));
  });
});
