import { strict as assert } from 'node:assert';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { ImageStudioError } from '../../../../src/core/errors';
import {
  inspectImageLowMemory,
  crc32,
  decodeBase64Strict,
  hasTransparentPixels,
  inspectImage,
  unfilter,
} from '../../../../src/core/request/imageBytes';

type Rgba = { r: number; g: number; b: number; alpha: number };

async function solid(
  format: 'png' | 'jpeg' | 'webp',
  width: number,
  height: number,
  background: Rgba,
  options: { lossless?: boolean; palette?: boolean } = {},
): Promise<Uint8Array> {
  const image = sharp({ create: { width, height, channels: 4, background } });
  const encoded =
    format === 'png'
      ? image.png({ palette: options.palette ?? false })
      : format === 'jpeg'
        ? image.jpeg()
        : image.webp({ lossless: options.lossless ?? false });
  return new Uint8Array(await encoded.toBuffer());
}

async function rgb(
  format: 'png' | 'webp',
  width: number,
  height: number,
  options: { lossless?: boolean } = {},
): Promise<Uint8Array> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 10, g: 200, b: 30 } } });
  return new Uint8Array(
    await (format === 'png' ? image.png() : image.webp({ lossless: options.lossless ?? false })).toBuffer(),
  );
}

/** A noisy RGBA image (so every PNG filter type gets used) with one pixel made semi-transparent. */
async function noisyPng(
  width: number,
  height: number,
  transparentAt?: number,
  options: { interlace?: boolean; depth16?: boolean } = {},
): Promise<Uint8Array> {
  const pixels = Buffer.alloc(width * height * 4);
  let seed = 7;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = i % 4 === 3 ? 255 : (seed >> 16) & 0xff;
  }
  if (transparentAt !== undefined) pixels[transparentAt * 4 + 3] = 254;
  let image = sharp(pixels, { raw: { width, height, channels: 4 } });
  if (options.depth16) image = image.toColourspace('rgb16');
  return new Uint8Array(
    await image
      .png({ progressive: options.interlace ?? false, adaptiveFiltering: true, compressionLevel: 9 })
      .toBuffer(),
  );
}

function expectInvalid(fn: () => unknown, pattern?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ImageStudioError, String(err));
    assert.equal(err.kind, 'invalid-image');
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}

/** A 4x4 8-bit RGBA PNG with valid chunk CRCs around whatever IDAT data the test gives. */
function rgba4x4WithIdat(idat: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(4, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array()),
  ]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A hand-made PNG so colour types and tRNS cases are exact. */
function handPng(
  width: number,
  height: number,
  bitDepth: number,
  colorType: number,
  rows: number[][],
  extra: Uint8Array[] = [],
): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  const raw = Buffer.from(rows.flatMap((row) => [0, ...row]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...extra,
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

describe('inspectImage', () => {
  it('reads PNG size and alpha (RGBA vs RGB)', async () => {
    assert.deepEqual(inspectImage(await solid('png', 33, 17, { r: 1, g: 2, b: 3, alpha: 0.5 })), {
      format: 'png',
      width: 33,
      height: 17,
      hasAlpha: true,
    });
    assert.deepEqual(inspectImage(await rgb('png', 20, 40)), { format: 'png', width: 20, height: 40, hasAlpha: false });
  });

  it('reads JPEG size, never alpha', async () => {
    assert.deepEqual(inspectImage(await solid('jpeg', 123, 45, { r: 9, g: 9, b: 9, alpha: 1 })), {
      format: 'jpeg',
      width: 123,
      height: 45,
      hasAlpha: false,
    });
  });

  it('reads WebP VP8 (lossy), VP8L (lossless) and VP8X (alpha) headers', async () => {
    const lossy = await rgb('webp', 50, 30);
    assert.equal(String.fromCharCode(...lossy.subarray(12, 16)), 'VP8 ');
    assert.deepEqual(inspectImage(lossy), { format: 'webp', width: 50, height: 30, hasAlpha: false });

    const lossless = await rgb('webp', 51, 31, { lossless: true });
    assert.equal(String.fromCharCode(...lossless.subarray(12, 16)), 'VP8L');
    assert.deepEqual(inspectImage(lossless), { format: 'webp', width: 51, height: 31, hasAlpha: false });

    const losslessAlpha = await solid('webp', 52, 32, { r: 1, g: 1, b: 1, alpha: 0.5 }, { lossless: true });
    assert.deepEqual(inspectImage(losslessAlpha), { format: 'webp', width: 52, height: 32, hasAlpha: true });

    const lossyAlpha = await solid('webp', 53, 33, { r: 1, g: 1, b: 1, alpha: 0.5 });
    assert.equal(String.fromCharCode(...lossyAlpha.subarray(12, 16)), 'VP8X');
    assert.deepEqual(inspectImage(lossyAlpha), { format: 'webp', width: 53, height: 33, hasAlpha: true });
  });

  it('rejects unknown formats and empty input', () => {
    expectInvalid(() => inspectImage(new Uint8Array()), /not a PNG, JPEG or WebP/);
    expectInvalid(() => inspectImage(new TextEncoder().encode('GIF89a.....')), /not a PNG/);
    expectInvalid(() => inspectImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')));
  });

  it('rejects truncated files of every format (F8)', async () => {
    const png = await noisyPng(64, 64);
    for (const cut of [8, 20, 33, 40, png.length / 2, png.length - 12, png.length - 1]) {
      expectInvalid(() => inspectImage(png.subarray(0, Math.floor(cut))));
    }
    const jpeg = await solid('jpeg', 64, 64, { r: 200, g: 10, b: 10, alpha: 1 });
    for (const cut of [3, 10, 200, jpeg.length - 2]) {
      expectInvalid(() => inspectImage(jpeg.subarray(0, cut)));
    }
    const webp = await rgb('webp', 64, 64);
    for (const cut of [4, 12, 19, webp.length - 1]) {
      expectInvalid(() => inspectImage(webp.subarray(0, cut)));
    }
  });

  it('rejects a PNG chunk with a wrong CRC', async () => {
    const png = Buffer.from(await noisyPng(16, 16));
    const corrupt = Buffer.from(png);
    corrupt[20] = (corrupt[20] ?? 0) ^ 0xff; // inside IHDR data
    expectInvalid(() => inspectImage(corrupt), /CRC/);
  });

  it('rejects a PNG whose IDAT inflates to the wrong size', () => {
    const tooShort = rgba4x4WithIdat(deflateSync(Buffer.alloc(10)));
    expectInvalid(() => inspectImage(tooShort), /declared size/);
  });

  it('rejects a PNG whose IDAT stream is cut short even with valid CRCs', async () => {
    const full = deflateSync(Buffer.alloc(4 * (1 + 16)));
    const png = rgba4x4WithIdat(full.subarray(0, full.length - 4));
    expectInvalid(() => inspectImage(png), /truncated or corrupt/);
  });

  it('rejects a PNG missing IHDR first, zero sizes and bad depths', () => {
    const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expectInvalid(() => inspectImage(Buffer.concat([sig, chunk('IEND', new Uint8Array())])), /IHDR/);
    expectInvalid(() => inspectImage(handPng(0, 1, 8, 6, [])), /zero/);
    expectInvalid(() => inspectImage(handPng(1, 1, 3, 6, [[0, 0, 0, 0]])), /bit depth/);
  });

  it('rejects magic bytes followed by garbage (mismatched bytes)', () => {
    expectInvalid(() => inspectImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(100, 0x41)])));
    expectInvalid(() =>
      inspectImage(Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPJUNK', 'latin1'), Buffer.alloc(16)])),
    );
  });

  it('handles interlaced (Adam7) and 16-bit PNGs', async () => {
    assert.deepEqual(inspectImage(await noisyPng(37, 23, undefined, { interlace: true })), {
      format: 'png',
      width: 37,
      height: 23,
      hasAlpha: true,
    });
    assert.deepEqual(inspectImage(await noisyPng(9, 5, undefined, { depth16: true })), {
      format: 'png',
      width: 9,
      height: 5,
      hasAlpha: true,
    });
  });

  it('declares alpha for a palette PNG with tRNS', async () => {
    const png = await solid('png', 8, 8, { r: 255, g: 0, b: 0, alpha: 0.5 }, { palette: true });
    assert.equal(inspectImage(png).hasAlpha, true);
  });
});

describe('inspectImageLowMemory', () => {
  /** What inspectImage says of the bytes: its answer, or that they are invalid. */
  async function verdicts(bytes: Uint8Array): Promise<[unknown, unknown]> {
    const of = async (inspect: () => unknown): Promise<unknown> => {
      try {
        return await inspect();
      } catch (err) {
        assert.ok(err instanceof ImageStudioError, String(err));
        return err.kind;
      }
    };
    return [await of(() => inspectImage(bytes)), await of(() => inspectImageLowMemory(bytes))];
  }

  it('agrees with inspectImage on sound, cut, corrupt and oversized PNGs, and on other formats', async () => {
    const png = await noisyPng(64, 64);
    const idat = deflateSync(Buffer.alloc(4 * (1 + 16)));
    const cases: Uint8Array[] = [
      png,
      await noisyPng(37, 23, undefined, { interlace: true }),
      await noisyPng(9, 5, undefined, { depth16: true }),
      ...[8, 20, 33, 40, png.length / 2, png.length - 12, png.length - 1].map((cut) => png.subarray(0, cut)),
      rgba4x4WithIdat(idat),
      rgba4x4WithIdat(idat.subarray(0, idat.length - 4)),
      rgba4x4WithIdat(deflateSync(Buffer.alloc(10))),
      rgba4x4WithIdat(deflateSync(Buffer.alloc(4 * (1 + 16) + 1))),
      rgba4x4WithIdat(deflateSync(Buffer.alloc(100_000))),
      rgba4x4WithIdat(Buffer.from('not a zlib stream at all')),
      await solid('jpeg', 16, 16, { r: 200, g: 10, b: 10, alpha: 1 }),
      new TextEncoder().encode('GIF89a.....'),
    ];
    for (const [index, bytes] of cases.entries()) {
      const [whole, inPieces] = await verdicts(bytes);
      assert.deepEqual(inPieces, whole, `case ${index}`);
    }
    assert.equal((await verdicts(png))[1] instanceof Object, true, 'the sound PNG is read, not refused');
  });

  it('reads image data split over many IDAT chunks', async () => {
    const raw = Buffer.alloc(4 * (1 + 16), 7);
    const stream = deflateSync(raw);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(4, 0);
    ihdr.writeUInt32BE(4, 4);
    ihdr[8] = 8;
    ihdr[9] = 6;
    const pieces = [...Array(stream.length).keys()].map((i) => chunk('IDAT', stream.subarray(i, i + 1)));
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      ...pieces,
      chunk('IEND', new Uint8Array()),
    ]);
    assert.deepEqual(await inspectImageLowMemory(png), { format: 'png', width: 4, height: 4, hasAlpha: true });
  });
});

describe('hasTransparentPixels', () => {
  it('is false for an RGBA PNG that is fully opaque, true when one pixel is not', async () => {
    assert.equal(hasTransparentPixels(await noisyPng(50, 40)), false);
    assert.equal(hasTransparentPixels(await noisyPng(50, 40, 50 * 40 - 1)), true);
    assert.equal(hasTransparentPixels(await noisyPng(50, 40, 0)), true);
    assert.equal(hasTransparentPixels(await noisyPng(50, 40, 1234)), true);
  });

  it('decodes interlaced and 16-bit PNGs', async () => {
    assert.equal(hasTransparentPixels(await noisyPng(37, 23, undefined, { interlace: true })), false);
    assert.equal(hasTransparentPixels(await noisyPng(37, 23, 500, { interlace: true })), true);
    assert.equal(hasTransparentPixels(await noisyPng(9, 5, undefined, { depth16: true })), false);
    assert.equal(hasTransparentPixels(await noisyPng(9, 5, 17, { depth16: true })), true);
  });

  it('a fully transparent solid PNG is transparent; an RGB PNG is not', async () => {
    assert.equal(hasTransparentPixels(await solid('png', 10, 10, { r: 0, g: 0, b: 0, alpha: 0 })), true);
    assert.equal(hasTransparentPixels(await rgb('png', 10, 10)), false);
  });

  it('grey+alpha (colour type 4) PNGs', () => {
    assert.equal(hasTransparentPixels(handPng(2, 1, 8, 4, [[10, 255, 20, 255]])), false);
    assert.equal(hasTransparentPixels(handPng(2, 1, 8, 4, [[10, 255, 20, 0]])), true);
  });

  it('palette PNGs with tRNS: only when a used index is transparent', () => {
    const plte = chunk('PLTE', new Uint8Array([0, 0, 0, 255, 255, 255]));
    const trns = chunk('tRNS', new Uint8Array([255, 0]));
    // 1-bit indexes: 0b00000000 uses only index 0 (opaque); 0b01000000 uses index 1 (transparent).
    assert.equal(hasTransparentPixels(handPng(2, 1, 1, 3, [[0b00000000]], [plte, trns])), false);
    assert.equal(hasTransparentPixels(handPng(2, 1, 1, 3, [[0b01000000]], [plte, trns])), true);
  });

  it('RGB PNGs with a tRNS colour key', () => {
    const trns = chunk('tRNS', new Uint8Array([0, 1, 0, 2, 0, 3]));
    assert.equal(hasTransparentPixels(handPng(1, 1, 8, 2, [[1, 2, 4]], [trns])), false);
    assert.equal(hasTransparentPixels(handPng(2, 1, 8, 2, [[9, 9, 9, 1, 2, 3]], [trns])), true);
  });

  it('JPEG → false; WebP without alpha → false; WebP with alpha → undefined (cannot tell)', async () => {
    assert.equal(hasTransparentPixels(await solid('jpeg', 8, 8, { r: 1, g: 1, b: 1, alpha: 1 })), false);
    assert.equal(hasTransparentPixels(await rgb('webp', 8, 8)), false);
    assert.equal(
      hasTransparentPixels(await solid('webp', 8, 8, { r: 1, g: 1, b: 1, alpha: 0.2 }, { lossless: true })),
      undefined,
    );
  });
});

describe('unfilter', () => {
  it('reverses Sub, Up, Average and Paeth by hand-computed rows', () => {
    // 1 byte per pixel, 3 pixels per row.
    const filtered = new Uint8Array([
      0,
      10,
      20,
      30, // None
      1,
      1,
      1,
      1, // Sub: 1, 2, 3
      2,
      1,
      1,
      1, // Up: 2, 3, 4
      3,
      2,
      2,
      2, // Average: 2+(0+2)/2=3, 2+(3+3)/2=5, 2+(5+4)/2=6
      4,
      1,
      1,
      1, // Paeth
    ]);
    const out = unfilter(filtered, 5, 3, 1);
    assert.deepEqual([...out.subarray(0, 12)], [10, 20, 30, 1, 2, 3, 2, 3, 4, 3, 5, 6]);
    // Paeth row 5 above [3,5,6]: x0 left=0 up=3 ul=0 → 3+1=4; x1 left=4 up=5 ul=3 → p=6, pa=2 pb=1 pc=3 → 5+1=6; x2
    // left=6 up=6 ul=5 → p=7 → pa=1,pb=1 → a=6 → 7.
    assert.deepEqual([...out.subarray(12)], [4, 6, 7]);
  });

  it('rejects an unknown filter type', () => {
    expectInvalid(() => unfilter(new Uint8Array([5, 0]), 1, 1, 1), /filter type 5/);
  });
});

describe('crc32', () => {
  it('matches the standard check value', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  });
});

describe('decodeBase64Strict', () => {
  it('decodes valid base64 with 0, 1 and 2 padding characters', () => {
    assert.deepEqual([...decodeBase64Strict('AQID', 10)], [1, 2, 3]);
    assert.deepEqual([...decodeBase64Strict('AQI=', 10)], [1, 2]);
    assert.deepEqual([...decodeBase64Strict('AQ==', 10)], [1]);
  });

  it('round-trips random bytes', () => {
    for (let length = 1; length < 64; length++) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 37 + length) & 0xff));
      assert.deepEqual(Buffer.from(decodeBase64Strict(bytes.toString('base64'), 1000)), bytes);
    }
  });

  it('rejects non-base64 characters, whitespace, URL-safe letters', () => {
    for (const bad of ['AQI$', 'AQ I', 'AQ\nI', 'AQ-_', 'AQ\u00e9=', '====', 'A=AA', 'AA=A']) {
      expectInvalid(() => decodeBase64Strict(bad, 100));
    }
  });

  it('rejects wrong length and padding, including non-canonical trailing bits', () => {
    for (const bad of ['', 'A', 'AQI', 'AQIDA', 'A===', 'AQ=D', 'AR==', 'AQJ=']) {
      expectInvalid(() => decodeBase64Strict(bad, 100));
    }
  });

  it('rejects over-size data before decoding', () => {
    expectInvalid(() => decodeBase64Strict('AQIDBA==', 3), /over the 3-byte limit/);
    assert.equal(decodeBase64Strict('AQIDBA==', 4).length, 4);
  });
});
