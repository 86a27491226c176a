import { strict as assert } from 'node:assert';
import sharp from 'sharp';
import { ImageStudioError } from '../../../../src/core/errors';
import {
  parseImageRequest,
  resolveSize,
  toApiParams,
  type ImageRequest,
} from '../../../../src/core/request/imageRequest';

const NOV_2026 = new Date('2026-11-15T12:00:00Z');

function parse(input: Record<string, unknown>): ImageRequest {
  return parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt: 'a cat', ...input }, NOV_2026);
}

function rejects(
  input: Record<string, unknown>,
  pattern: RegExp,
  kind: 'invalid-option' | 'invalid-image' = 'invalid-option',
): void {
  assert.throws(
    () => parse(input),
    (err: unknown) => {
      assert.ok(err instanceof ImageStudioError, String(err));
      assert.equal(err.kind, kind);
      assert.match(err.message, pattern);
      return true;
    },
  );
}

let png1024: Uint8Array;
let rgbaMask1024: Uint8Array;
let rgbMask1024: Uint8Array;
let jpeg64: Uint8Array;

before(async () => {
  png1024 = new Uint8Array(
    await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#336699' } })
      .png()
      .toBuffer(),
  );
  rgbaMask1024 = new Uint8Array(
    await sharp({ create: { width: 1024, height: 1024, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer(),
  );
  rgbMask1024 = png1024;
  jpeg64 = new Uint8Array(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .jpeg()
      .toBuffer(),
  );
});

function edit(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'edit', images: [{ name: 'in.png', mimeType: 'image/png', bytes: png1024 }], ...extra };
}

describe('parseImageRequest', () => {
  it('fills defaults and trims the prompt', () => {
    const request = parse({ prompt: '  a cat  ' });
    assert.deepEqual(request, {
      kind: 'generate',
      model: 'gpt-image-2',
      prompt: 'a cat',
      n: 1,
      size: 'auto',
      quality: 'auto',
      background: 'auto',
      outputFormat: 'png',
      stream: false,
    });
  });

  it('drops undefined fields instead of failing on them', () => {
    assert.equal(parse({ moderation: undefined, outputCompression: undefined }).n, 1);
    assert.equal(parse(edit({ moderation: undefined })).kind, 'edit');
  });

  it('rejects empty, whitespace-only and over-long prompts', () => {
    rejects({ prompt: '' }, /prompt is empty/);
    rejects({ prompt: ' \n\t ' }, /prompt is empty/);
    rejects({ prompt: 'x'.repeat(32_001) }, /prompt is too long: at most 32000/);
    assert.equal(parse({ prompt: 'x'.repeat(32_000) }).prompt.length, 32_000);
  });

  it('rejects non-objects and a wrong kind', () => {
    for (const bad of [null, 'a cat', 42, [], {}]) {
      assert.throws(() => parseImageRequest(bad), ImageStudioError);
    }
    rejects({ kind: 'variation' }, /kind must be "generate" or "edit"/);
  });

  it('checks n in 1..10', () => {
    rejects({ n: 0 }, /n 0 is not valid: must be at least 1 \(allowed 1 to 10\)/);
    rejects({ n: 11 }, /n 11 is not valid: must be at most 10/);
    rejects({ n: 1.5 }, /n 1.5 is not valid/);
    rejects({ n: '2' }, /n "2" is not valid: expected number/);
    assert.equal(parse({ n: 10 }).n, 10);
  });

  it('names the option and allowed values for enums', () => {
    rejects({ quality: 'hd' }, /quality "hd" is not valid: allowed values are low, medium, high, xhigh, max, auto/);
    rejects({ background: 'white' }, /background "white" is not valid: allowed values are transparent, opaque, auto/);
    rejects({ outputFormat: 'gif' }, /outputFormat "gif" is not valid: allowed values are png, jpeg, webp/);
    rejects({ moderation: 'high' }, /moderation "high" is not valid: allowed values are auto, low/);
  });

  it('rejects unknown options and the DALL-E-only ones by name', () => {
    rejects({ style: 'vivid' }, /style is not accepted by GPT image models/);
    rejects({ responseFormat: 'url' }, /responseFormat is not accepted/);
    rejects({ colour: 'red' }, /unknown option "colour"/);
  });

  describe('size', () => {
    it('1.x: only the fixed sizes', () => {
      assert.equal(parse({ model: 'gpt-image-1.5', size: '1536x1024' }).size, '1536x1024');
      assert.throws(
        () => parse({ model: 'gpt-image-1.5', size: '2048x2048' }),
        /size "2048x2048" is not valid for gpt-image-1.5: allowed values are 1024x1024, 1536x1024, 1024x1536, auto/,
      );
    });

    it('2.x: multiples of 16', () => {
      assert.throws(
        () => parse({ size: '1000x1000' }),
        (err: unknown) => {
          assert.ok(err instanceof ImageStudioError);
          assert.equal(
            err.message,
            'size "1000x1000" is not valid for gpt-image-2: both sides must be multiples of 16 (e.g. 1024x1024)',
          );
          return true;
        },
      );
      assert.equal(parse({ size: '2048x1152' }).size, '2048x1152');
      rejects({ size: '1008x1000' }, /multiples of 16/);
    });

    it('2.x: aspect between 1:3 and 3:1', () => {
      assert.equal(parse({ size: '1536x512' }).size, '1536x512');
      assert.equal(parse({ size: '512x1536' }).size, '512x1536');
      rejects({ size: '1552x512' }, /aspect ratio must be between 1:3 and 3:1/);
      rejects({ size: '512x1552' }, /aspect ratio/);
    });

    it('2.x: max edge 3840 and at most 3840*2160 pixels', () => {
      assert.equal(parse({ size: '3840x2160' }).size, '3840x2160');
      assert.equal(parse({ size: '2160x3840' }).size, '2160x3840');
      rejects({ size: '3856x1296' }, /each side must be at most 3840/);
      rejects({ size: '3840x2176' }, /at most 8,294,400 pixels/);
      rejects({ size: '2880x2896' }, /at most 8,294,400 pixels/);
    });

    it('2.x: at least 655,360 pixels (1024x640 is the smallest 16:10)', () => {
      assert.equal(parse({ size: '1024x640' }).size, '1024x640');
      assert.equal(parse({ size: '640x1024' }).size, '640x1024');
      assert.equal(parse({ size: '816x816' }).size, '816x816');
      assert.throws(
        () => parse({ size: '800x800' }),
        (err: unknown) => {
          assert.ok(err instanceof ImageStudioError);
          assert.equal(
            err.message,
            'size "800x800" is not valid for gpt-image-2: ' +
              'at least 655,360 pixels, the area of 1024x640 (e.g. 1024x1024)',
          );
          return true;
        },
      );
      rejects({ size: '1008x640' }, /at least 655,360 pixels/);
      rejects({ size: '256x256' }, /at least 655,360 pixels/);
      rejects({ model: 'gpt-image-2.6-flare', size: '512x512' }, /at least 655,360 pixels/);
      // The boundaries at the top: 3840x2160 exactly, one step of 16 more on a side is refused.
      assert.equal(parse({ size: '3840x2160' }).size, '3840x2160');
      rejects({ size: '3856x2160' }, /each side must be at most 3840/);
    });

    it('rejects malformed size strings', () => {
      for (const bad of [
        'big',
        '1024',
        '1024X1024',
        '1024x',
        ' 1024x1024',
        '-16x16',
        '1024x1024x3',
        '0x0',
        '01024x1024',
        '1024x0640',
      ]) {
        rejects({ size: bad }, /size .*is not valid: use "auto" or WIDTHxHEIGHT/);
      }
    });

    it('lenient for unknown non-2.x models', () => {
      assert.equal(parse({ model: 'my-deployment', size: '1000x700' }).size, '1000x700');
      rejects({ model: 'my-deployment', size: '9000x100' }, /between 1 and 8192/);
    });
  });

  it('xhigh and max only on 2.5/2.6', () => {
    rejects(
      { quality: 'xhigh' },
      /quality "xhigh" is not valid for gpt-image-2: allowed values are low, medium, high, auto/,
    );
    rejects({ model: 'gpt-image-1', quality: 'max' }, /not valid for gpt-image-1/);
    assert.equal(parse({ model: 'gpt-image-2.6-flare', quality: 'max' }).quality, 'max');
    assert.equal(parse({ model: 'gpt-image-2.5-sunburst', quality: 'xhigh' }).quality, 'xhigh');
  });

  it('transparency needs png or webp', () => {
    rejects({ background: 'transparent', outputFormat: 'jpeg' }, /transparent" needs outputFormat png or webp/);
    assert.equal(parse({ background: 'transparent', outputFormat: 'webp' }).background, 'transparent');
    assert.equal(parse({ background: 'transparent' }).outputFormat, 'png');
  });

  it('compression only with jpeg/webp, 0..100', () => {
    rejects({ outputCompression: 50 }, /outputCompression applies only to outputFormat jpeg or webp/);
    rejects(
      { outputFormat: 'jpeg', outputCompression: 101 },
      /outputCompression 101 is not valid: must be at most 100/,
    );
    assert.equal(parse({ outputFormat: 'jpeg', outputCompression: 0 }).outputCompression, 0);
  });

  it('partial images 0..3 and only when streaming', () => {
    rejects({ stream: true, partialImages: 4 }, /partialImages 4 is not valid: must be at most 3/);
    rejects({ partialImages: 2 }, /partialImages 2 needs stream: true/);
    assert.equal(parse({ stream: true, partialImages: 3 }).partialImages, 3);
  });

  it('retired models are refused before anything is sent', () => {
    rejects({ model: 'dall-e-3' }, /retired/);
  });

  describe('edits', () => {
    it('accepts 1..16 images with matching bytes', () => {
      const request = parse(edit());
      assert.equal(request.kind, 'edit');
      const sixteen = Array.from({ length: 16 }, (_, i) => ({
        name: `i${i}.png`,
        mimeType: 'image/png',
        bytes: png1024,
      }));
      assert.equal(parse(edit({ images: sixteen })).kind, 'edit');
      rejects(edit({ images: [...sixteen, sixteen[0]] }), /images allows at most 16/);
      rejects(edit({ images: [] }), /images needs at least 1/);
    });

    it('rejects moderation on edits and input images on generations', () => {
      rejects(edit({ moderation: 'low' }), /moderation is not available for edits/);
      rejects({ images: [] }, /only to edits/);
      rejects({ inputFidelity: 'high' }, /inputFidelity applies only to edits/);
    });

    it('input fidelity only for 1.x', () => {
      rejects(edit({ inputFidelity: 'high' }), /inputFidelity is not supported by gpt-image-2/);
      const request = parse(edit({ model: 'gpt-image-1.5', size: '1024x1024', inputFidelity: 'high' }));
      assert.equal(request.kind === 'edit' ? request.inputFidelity : undefined, 'high');
    });

    it('checks the bytes match the declared type', () => {
      rejects(
        edit({ images: [{ name: 'x.png', mimeType: 'image/png', bytes: jpeg64 }] }),
        /declared as image\/png but its bytes are jpeg/,
        'invalid-image',
      );
      rejects(
        edit({ images: [{ name: 'x.png', mimeType: 'image/png', bytes: new Uint8Array([1, 2, 3]) }] }),
        /images\[0\] \("x.png"\) is not a valid image/,
        'invalid-image',
      );
      rejects(
        edit({ images: [{ name: 'x.gif', mimeType: 'image/gif', bytes: png1024 }] }),
        /images\[0\].mimeType "image\/gif" is not valid: allowed values are image\/png, image\/jpeg, image\/webp/,
      );
    });

    it('mask: PNG with alpha, same size as the first image', () => {
      assert.equal(parse(edit({ mask: { name: 'm.png', mimeType: 'image/png', bytes: rgbaMask1024 } })).kind, 'edit');
      rejects(
        edit({ mask: { name: 'm.png', mimeType: 'image/png', bytes: rgbMask1024 } }),
        /mask must be a PNG with an alpha channel/,
        'invalid-image',
      );
      rejects(
        edit({
          images: [{ name: 'x.jpg', mimeType: 'image/jpeg', bytes: jpeg64 }],
          mask: { name: 'm.png', mimeType: 'image/png', bytes: rgbaMask1024 },
        }),
        /mask is 1024x1024 but the first image is 64x64/,
        'invalid-image',
      );
    });

    it('never quotes prompt text or bytes in messages', () => {
      assert.throws(
        () => parse({ prompt: 12345 }),
        (err: unknown) => err instanceof ImageStudioError && !err.message.includes('12345'),
      );
    });
  });
});

describe('resolveSize', () => {
  it('auto → 1024x1024, WxH parsed', () => {
    assert.deepEqual(resolveSize({ size: 'auto' }), { width: 1024, height: 1024 });
    assert.deepEqual(resolveSize({ size: '1536x1024' }), { width: 1536, height: 1024 });
  });
});

describe('toApiParams', () => {
  it('generate: exact snake_case body, model always sent, nothing undefined', () => {
    const params = toApiParams(
      parse({
        outputFormat: 'webp',
        outputCompression: 80,
        moderation: 'low',
        safetyIdentifier: 'user-1',
        n: 2,
        size: '1024x1536',
        quality: 'high',
      }),
    );
    assert.equal(params.endpoint, 'generate');
    assert.deepEqual(params.body, {
      model: 'gpt-image-2',
      prompt: 'a cat',
      n: 2,
      size: '1024x1536',
      quality: 'high',
      background: 'auto',
      output_format: 'webp',
      output_compression: 80,
      safety_identifier: 'user-1',
      moderation: 'low',
    });
  });

  it('never sends response_format or style; sends stream + partial_images only when streaming', () => {
    const plain = toApiParams(parse({}));
    assert.ok(!('response_format' in plain.body) && !('style' in plain.body));
    assert.ok(!('stream' in plain.body) && !('partial_images' in plain.body));
    assert.ok(Object.values(plain.body).every((value) => value !== undefined));
    const streaming = toApiParams(parse({ stream: true, partialImages: 2 }));
    assert.equal(streaming.body.stream, true);
    assert.equal(streaming.body.partial_images, 2);
  });

  it('edit: images as typed Files, mask, input_fidelity, no moderation', async () => {
    const params = toApiParams(
      parse(
        edit({
          model: 'gpt-image-1.5',
          size: '1024x1024',
          inputFidelity: 'low',
          mask: { name: 'm.png', mimeType: 'image/png', bytes: rgbaMask1024 },
        }),
      ),
    );
    assert.equal(params.endpoint, 'edit');
    if (params.endpoint !== 'edit') return;
    const body = params.body;
    assert.ok(body.image instanceof File);
    assert.equal(body.image.type, 'image/png');
    assert.equal(body.image.name, 'in.png');
    assert.equal((await body.image.arrayBuffer()).byteLength, png1024.byteLength);
    assert.ok(body.mask instanceof File);
    assert.equal(body.input_fidelity, 'low');
    assert.ok(!('moderation' in body));
    assert.equal(body.model, 'gpt-image-1.5');
  });

  it('edit with several images sends an array', () => {
    const params = toApiParams(
      parse(
        edit({
          images: [
            { name: 'a.png', mimeType: 'image/png', bytes: png1024 },
            { name: 'b.jpg', mimeType: 'image/jpeg', bytes: jpeg64 },
          ],
        }),
      ),
    );
    assert.ok(params.endpoint === 'edit' && Array.isArray(params.body.image));
    if (params.endpoint === 'edit' && Array.isArray(params.body.image)) {
      const second = params.body.image[1];
      assert.ok(second instanceof File && second.type === 'image/jpeg');
    }
  });
});
