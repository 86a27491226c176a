import { strict as assert } from 'node:assert';
import { ImageStudioError } from '../../../src/core/errors';
import { composeRequest, estimateFor, isOptionError } from '../../../src/panel/composeRequest';
import { toPanelError } from '../../../src/panel/panelError';
import { solidImage } from '../support/images';
import { panelOptions as options } from '../../support/panelOptions';

describe('panel: composing requests and estimates', () => {
  it("builds a streamed generate request with the settings' partial image count", () => {
    const request = composeRequest('a boat', options, 2);
    assert.equal(request.kind, 'generate');
    assert.equal(request.stream, true);
    assert.equal(request.partialImages, 2);
    assert.equal(composeRequest('a boat', options, 0).stream, false, 'no partials: no stream');
    assert.equal(composeRequest('a boat', { ...options, stream: false }, 2).stream, false);
  });

  it('drops compression for png and keeps it for jpeg', () => {
    assert.equal(composeRequest('a', { ...options, outputCompression: 50 }, 0).outputCompression, undefined);
    assert.equal(
      composeRequest('a', { ...options, outputFormat: 'jpeg', outputCompression: 50 }, 0).outputCompression,
      50,
    );
  });

  it('estimates more for higher quality and more images, and estimates an empty draft', () => {
    const low = estimateFor('a boat', options, 2);
    const high = estimateFor('a boat', { ...options, quality: 'high' }, 2);
    const four = estimateFor('a boat', { ...options, n: 4 }, 2);
    assert.ok(high.usd > low.usd);
    assert.ok(four.usd > low.usd * 3);
    assert.match(four.text, /for 4 images/);
    assert.ok(estimateFor('', options, 2).usd > 0);
  });

  it('explains options the model refuses', () => {
    assert.throws(
      () => estimateFor('a', { ...options, quality: 'max' }, 2),
      (err: unknown) => isOptionError(err) && /xhigh and max need/.test((err as Error).message),
    );
    assert.throws(
      () => estimateFor('a', { ...options, background: 'transparent', outputFormat: 'jpeg' }, 2),
      /jpeg has no alpha/,
    );
    assert.throws(() => estimateFor('a', { ...options, size: '1000x1000' }, 2), /multiples of 16/);
  });

  it('builds an edit with the image first and the mask, and estimates its input tokens', async () => {
    const png = new Uint8Array(await solidImage('png', { width: 64, height: 64 }));
    const mask = new Uint8Array(await solidImage('png', { width: 64, height: 64, alpha: 0 }));
    const edit = {
      images: [{ name: 'image.png', mimeType: 'image/png' as const, bytes: png }],
      mask: { name: 'mask.png', mimeType: 'image/png' as const, bytes: mask },
    };
    const request = composeRequest('make it red', options, 0, edit);
    assert.equal(request.kind, 'edit');
    assert.equal(request.kind === 'edit' && request.mask?.name, 'mask.png');
    const wrongSize = {
      ...edit,
      mask: { ...edit.mask, bytes: new Uint8Array(await solidImage('png', { width: 32, height: 64, alpha: 0 })) },
    };
    assert.throws(() => composeRequest('make it red', options, 0, wrongSize), /same size/);
    assert.ok(estimateFor('make it red', options, 0, edit).usd > estimateFor('make it red', options, 0).usd);
  });

  it('shows errors in VS Code words with the fixes the protocol allows, redacted', () => {
    assert.deepEqual(toPanelError(new ImageStudioError({ kind: 'insufficient-quota' })), {
      message:
        'The OpenAI account has no credit left. Add credit on the billing page; retrying will not help until then.',
      fixes: [
        { kind: 'open-url', url: 'https://platform.openai.com/settings/organization/billing', label: 'Open Billing' },
      ],
    });
    assert.deepEqual(toPanelError(new ImageStudioError({ kind: 'no-api-key' })), {
      message: 'No OpenAI API key is set. Run “Image Studio: Set API Key”.',
      fixes: [{ kind: 'set-api-key' }],
    });
    const leaky = toPanelError(
      new ImageStudioError({ kind: 'unexpected', detail: 'failed with sk-abcdefghijklmnop1234' }),
    );
    assert.doesNotMatch(leaky.message, /sk-abcdefghijklmnop1234/);
    const plain = toPanelError(new Error('failed with sk-abcdefghijklmnop1234'));
    assert.doesNotMatch(plain.message, /sk-abcdefghijklmnop1234/);
    assert.deepEqual(plain.fixes, []);
  });
});
