import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { ImageStudioError } from '../../../../src/core/errors';
import { imagePlaceholder, readImagesJson, type StreamedImagesJson } from '../../../../src/core/api/imagesJsonStream';
import { checkProperty } from '../../fuzz/checkProperty';

const LIMITS = { maxImageBytes: 1_000_000, maxOtherBytes: 100_000, maxImages: 10 };

async function* chunksOf(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

function read(text: string, cuts: readonly number[] = [], limits = LIMITS): Promise<StreamedImagesJson> {
  return readImagesJson(chunksOf(new TextEncoder().encode(text), cuts), limits);
}

async function refusal(text: string, limits = LIMITS): Promise<string> {
  try {
    await read(text, [], limits);
  } catch (err) {
    assert.ok(err instanceof ImageStudioError || err instanceof SyntaxError, String(err));
    return err.message;
  }
  assert.fail(`read ${text.slice(0, 80)} without an error`);
}

/** The words of why the first image of `text` cannot be used; the read itself succeeds. */
async function unusable(text: string, limits = LIMITS): Promise<string> {
  const [first] = (await read(text, [], limits)).images;
  assert.ok(first instanceof ImageStudioError, `image accepted: ${text.slice(0, 80)}`);
  return first.message;
}

/** What JSON.parse makes of the same text, with each image decoded and replaced by its placeholder. */
function expected(text: string): StreamedImagesJson {
  const images: Uint8Array[] = [];
  const json = JSON.parse(text, (key, value: unknown) => {
    if (key !== 'b64_json' || typeof value !== 'string') return value;
    images.push(new Uint8Array(Buffer.from(value, 'base64')));
    return imagePlaceholder(images.length - 1);
  }) as unknown;
  return { json, images };
}

describe('readImagesJson: an Images API answer read as it arrives', () => {
  it('decodes each b64_json into bytes and keeps the rest of the answer', async () => {
    const png = Buffer.from('\x89PNG\r\n\x1a\n some image bytes', 'latin1');
    const text = JSON.stringify({
      created: 1,
      data: [{ b64_json: png.toString('base64'), revised_prompt: 'a "b64_json": trap' }],
      usage: { total_tokens: 3 },
      size: '1024x1024',
    });
    const result = await read(text, [5, 30, 31, 32, 60]);
    assert.deepEqual(result.images, [new Uint8Array(png)]);
    assert.deepEqual(result.json, {
      created: 1,
      data: [{ b64_json: imagePlaceholder(0), revised_prompt: 'a "b64_json": trap' }],
      usage: { total_tokens: 3 },
      size: '1024x1024',
    });
  });

  it('reads escaped slashes in the base64, as some JSON writers send them', async () => {
    const bytes = Buffer.from([0xff, 0xff, 0xfe, 0xfb]);
    const b64 = bytes.toString('base64');
    assert.ok(b64.includes('/'));
    const result = await read(`{"data":[{"b64_json":"${b64.replaceAll('/', '\\/')}"}]}`, [13, 14, 15]);
    assert.deepEqual(result.images, [new Uint8Array(bytes)]);
  });

  it('refuses base64 that is not strict: whitespace, URL-safe letters, padding inside, non-zero pad bits', async () => {
    for (const bad of ['AQ I', 'AQ\\nI', 'AQ-_', 'A=AA', 'AA=A', 'AR==', 'AQI', 'AQ\\u0041I', '====']) {
      const message = await unusable(`{"data":[{"b64_json":"${bad}"}]}`);
      assert.match(message, /image 1 in the answer (has|holds)/, bad);
    }
    assert.match(await unusable('{"data":[{"b64_json":""}]}'), /is empty/);
  });

  it('refuses an image over the byte limit before reading the rest', async () => {
    const b64 = Buffer.alloc(3000).toString('base64');
    const message = await unusable(`{"data":[{"b64_json":"${b64}"}]}`, { ...LIMITS, maxImageBytes: 2999 });
    assert.match(message, /over the 2999-byte limit/);
  });

  it('keeps the good images of an answer when one of them is unusable: all were paid for', async () => {
    const good = Buffer.from('first image').toString('base64');
    const also = Buffer.from('third image').toString('base64');
    const text = `{"data":[{"b64_json":"${good}"},{"b64_json":"AQ I"},{"b64_json":"${also}"}]}`;
    const { images } = await read(text, [20, 40]);
    assert.deepEqual(images[0], new Uint8Array(Buffer.from('first image')));
    assert.ok(images[1] instanceof ImageStudioError && /image 2 in the answer/.test(images[1].message));
    assert.deepEqual(images[2], new Uint8Array(Buffer.from('third image')));
  });

  it('refuses an answer with more images than were asked for, so memory stays bounded', async () => {
    const text = JSON.stringify({ data: [{ b64_json: 'AAAA' }, { b64_json: 'AAAA' }] });
    assert.match(await refusal(text, { ...LIMITS, maxImages: 1 }), /more than the 1 image\(s\) asked for/);
  });

  it('refuses an answer cut off inside an image, or whose other JSON is too long', async () => {
    assert.match(await refusal('{"data":[{"b64_json":"AAAA'), /ended inside a string/);
    assert.match(await refusal('{"data":[{"b64_json":"AAAA"}]'), /the answer is not valid JSON/);
    const long = JSON.stringify({ data: [{ b64_json: 'AAAA' }], note: 'x'.repeat(200) });
    assert.match(await refusal(long, { ...LIMITS, maxOtherBytes: 100 }), /more than 100 bytes besides its images/);
  });

  it('gives what JSON.parse gives, however the answer is cut into chunks', async () => {
    const image = fc.uint8Array({ minLength: 1, maxLength: 300 });
    const answer = fc.record({
      created: fc.integer(),
      data: fc.array(fc.record({ image, revised_prompt: fc.option(fc.string({ unit: 'grapheme' })) }), {
        minLength: 1,
        maxLength: 3,
      }),
      usage: fc.option(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string()))),
      note: fc.option(fc.constantFrom('b64_json', '"b64_json":', '\\', 'b64_json\\"')),
    });
    await checkProperty(
      'images JSON read in chunks',
      fc.asyncProperty(answer, fc.array(fc.nat(4000), { maxLength: 12 }), fc.boolean(), async (value, cuts, spaced) => {
        const body = {
          created: value.created,
          data: value.data.map((d) => ({
            b64_json: Buffer.from(d.image).toString('base64'),
            ...(d.revised_prompt !== null ? { revised_prompt: d.revised_prompt } : {}),
          })),
          ...(value.usage !== null ? { usage: value.usage } : {}),
          ...(value.note !== null ? { note: value.note } : {}),
        };
        const text = JSON.stringify(body, null, spaced ? 2 : undefined);
        assert.deepEqual(await read(text, cuts), expected(text));
      }),
    );
  });
});
