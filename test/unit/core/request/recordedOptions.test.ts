import { strict as assert } from 'node:assert';
import { parseImageRequest, type ImageRequestInput } from '../../../../src/core/request/imageRequest';
import { RECORDED_OPTIONS, recordedOptions } from '../../../../src/core/request/recordedOptions';
import { requestHash } from '../../../../src/core/request/requestHash';

// A 1x1 PNG with an alpha channel: enough for parseImageRequest's input check.
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const image = { name: 'a.png', mimeType: 'image/png' as const, bytes: PNG };
const base = { model: 'gpt-image-1.5', prompt: 'a lighthouse', size: '1024x1024', quality: 'low' } as const;

/** Two requests that differ in one recorded option only. */
const pairs: Record<(typeof RECORDED_OPTIONS)[number], [ImageRequestInput, ImageRequestInput]> = {
  size: [
    { kind: 'generate', ...base },
    { kind: 'generate', ...base, size: '1536x1024' },
  ],
  quality: [
    { kind: 'generate', ...base },
    { kind: 'generate', ...base, quality: 'high' },
  ],
  background: [
    { kind: 'generate', ...base },
    { kind: 'generate', ...base, background: 'opaque' },
  ],
  outputFormat: [
    { kind: 'generate', ...base },
    { kind: 'generate', ...base, outputFormat: 'webp' },
  ],
  outputCompression: [
    { kind: 'generate', ...base, outputFormat: 'webp' },
    { kind: 'generate', ...base, outputFormat: 'webp', outputCompression: 50 },
  ],
  moderation: [
    { kind: 'generate', ...base },
    { kind: 'generate', ...base, moderation: 'low' },
  ],
  inputFidelity: [
    { kind: 'edit', ...base, images: [image] },
    { kind: 'edit', ...base, images: [image], inputFidelity: 'high' },
  ],
};

describe('recordedOptions', () => {
  const today = new Date('2026-11-30T12:00:00Z');

  for (const option of RECORDED_OPTIONS) {
    it(`records ${option} and hashes it, so a cached or regenerated image follows it`, () => {
      const [without, withIt] = pairs[option].map((input) => parseImageRequest(input, today));
      assert.ok(without && withIt);
      assert.notDeepEqual(recordedOptions(without)[option], recordedOptions(withIt)[option]);
      assert.notEqual(requestHash(without), requestHash(withIt));
    });
  }

  it('leaves unset options out rather than recording them as undefined', () => {
    const request = parseImageRequest({ kind: 'generate', ...base }, today);
    assert.deepEqual(recordedOptions(request), {
      size: '1024x1024',
      quality: 'low',
      background: 'auto',
      outputFormat: 'png',
    });
  });
});
