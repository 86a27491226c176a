import * as assert from 'node:assert/strict';
import { BadRequestError, toFile } from 'openai';
import sharp = require('sharp');
import type { RunningEmulator } from '../../emulator';
import { decode, halfMask, png, rejectsWith, sdk, start } from './support';

const asPng = async (buf: Buffer, name = 'x.png'): Promise<Awaited<ReturnType<typeof toFile>>> =>
  toFile(buf, name, { type: 'image/png' });

/** Mean RGB of a region of an encoded image. */
async function meanRgb(
  b64: string | undefined,
  left: number,
  top: number,
  width: number,
  height: number,
): Promise<number[]> {
  const bytes = Buffer.from(b64 ?? '', 'base64');
  const { data, info } = await sharp(bytes)
    .extract({ left, top, width, height })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  for (let i = 0; i < data.length; i += info.channels)
    for (let c = 0; c < 3; c++) sums[c] = (sums[c] ?? 0) + (data[i + c] ?? 0);
  return sums.map((s) => Math.round(s / (width * height)));
}

describe('emulator: edits', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());

  it('returns an image derived from the input, at the output size', async () => {
    const input = await png(512, 512, '#20a040');
    const res = await sdk(emu).images.edit({
      model: 'gpt-image-2',
      prompt: 'make it autumn',
      image: await asPng(input),
      size: '1024x1024',
      quality: 'low',
    });
    assert.equal(res.size, '1024x1024');
    const img = await decode(res.data?.[0]?.b64_json);
    assert.deepEqual([img.format, img.width, img.height, img.hasAlpha], ['png', 1024, 1024, false]);
    // The green input still shows through the tint at the top (the prompt is drawn at the bottom).
    const [r, g, b] = await meanRgb(res.data?.[0]?.b64_json, 0, 0, 1024, 300);
    assert.ok(g !== undefined && r !== undefined && b !== undefined && g > 60, `green channel ${g}`);
    assert.ok(res.usage && res.usage.input_tokens_details.image_tokens === 323);
    const entry = emu.requests.at(-1);
    assert.deepEqual(entry?.files, [{ field: 'image', filename: 'x.png', type: 'image/png', size: input.length }]);
    assert.equal(entry?.fields['prompt'], 'make it autumn');
  });

  it('accepts several images as image[] and counts their tokens', async () => {
    const images = [
      await asPng(await png(256, 256, '#ff0000'), 'a.png'),
      await asPng(await png(256, 256, '#0000ff'), 'b.png'),
      await toFile(
        await sharp({ create: { width: 64, height: 64, channels: 3, background: '#00ff00' } })
          .jpeg()
          .toBuffer(),
        'c.jpg',
        { type: 'image/jpeg' },
      ),
    ];
    const res = await sdk(emu).images.edit({
      model: 'gpt-image-2',
      prompt: 'combine them',
      image: images,
      quality: 'low',
    });
    assert.equal(res.usage?.input_tokens_details.image_tokens, 3 * 323);
    assert.deepEqual(
      emu.requests.at(-1)?.files.map((f) => [f.field, f.type]),
      [
        ['image[]', 'image/png'],
        ['image[]', 'image/png'],
        ['image[]', 'image/jpeg'],
      ],
    );
  });

  it('resolves auto size from the input aspect ratio', async () => {
    const res = await sdk(emu).images.edit({
      model: 'gpt-image-2',
      prompt: 'wide',
      image: await asPng(await png(600, 300)),
      size: 'auto',
      quality: 'low',
    });
    assert.equal(res.size, '1536x1024');
  });

  it('changes only the transparent area of the mask', async () => {
    const input = await png(256, 256, '#808080');
    const res = await sdk(emu).images.edit({
      model: 'gpt-image-2',
      prompt: 'paint the left',
      image: await asPng(input),
      mask: await asPng(await halfMask(256, 256), 'mask.png'),
      size: '1024x1024',
      quality: 'low',
    });
    const right = await meanRgb(res.data?.[0]?.b64_json, 700, 0, 300, 300);
    const left = await meanRgb(res.data?.[0]?.b64_json, 0, 0, 300, 300);
    assert.deepEqual(right, [128, 128, 128]);
    assert.notDeepEqual(left, [128, 128, 128]);
  });

  it('gives transparent edits real transparent pixels', async () => {
    const res = await sdk(emu).images.edit({
      model: 'gpt-image-2',
      prompt: 'cut out',
      image: await asPng(await png(256, 256)),
      background: 'transparent',
      quality: 'low',
      size: '1024x640',
    });
    const img = await decode(res.data?.[0]?.b64_json);
    assert.ok(img.hasAlpha && img.transparentPixels > 1000);
  });

  it('rejects an upload sent as application/octet-stream (toFile without type)', async () => {
    const image = await toFile(await png(64, 64), 'x.png');
    await rejectsWith(sdk(emu).images.edit({ model: 'gpt-image-2', prompt: 'p', image }), BadRequestError, {
      status: 400,
      code: 'invalid_value',
      param: 'image',
      message: new RegExp(
        /Invalid file 'image': unsupported mimetype \('application\/octet-stream'\)\. /.source +
          /Supported file formats are 'image\/jpeg', 'image\/png', and 'image\/webp'\./.source,
      ),
    });
    assert.equal(emu.requests.at(-1)?.files[0]?.type, 'application/octet-stream');
  });
});
