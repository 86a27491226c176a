import * as assert from 'node:assert/strict';
import sharp = require('sharp');
import {
  downscaleForModel,
  MAX_ORIGINAL_IMAGE_BYTES,
  MODEL_IMAGE_MAX_SIDE,
} from '../../../../src/core/images/downscaleForModel';
import { inspectImage, readPngPixels } from '../../../../src/core/request/imageBytes';
import { encode, renderGeneration } from '../../../emulator/imageRenderer';
import type { Background, OutputFormat } from '../../../emulator/validation';

/** An image as the emulator's generator makes it for the API. */
async function generated(
  width: number,
  height: number,
  format: OutputFormat,
  background: Background = 'opaque',
): Promise<Uint8Array> {
  const raw = await renderGeneration({
    prompt: 'a lighthouse at dusk',
    modelId: 'gpt-image-2',
    size: { width, height },
    quality: 'low',
    background,
    index: 0,
  });
  return new Uint8Array(await encode(raw, { format, compression: undefined }));
}

/** The mean of each channel, to compare a copy with its original at any size. */
async function meanColour(bytes: Uint8Array): Promise<number[]> {
  const stats = await sharp(bytes).ensureAlpha().stats();
  return stats.channels.map((channel) => channel.mean);
}

describe('downscaleForModel', function () {
  this.timeout(30_000);

  it('reads a PNG the generator made pixel for pixel as sharp does', async () => {
    const bytes = await generated(1024, 1024, 'png');
    const pixels = readPngPixels(bytes);
    const expected = await sharp(bytes).ensureAlpha().raw().toBuffer();
    assert.ok(pixels);
    assert.equal(pixels.width, 1024);
    assert.ok(Buffer.from(pixels.rgba).equals(expected), 'the same RGBA bytes');
  });

  it('makes a 1536x1024 PNG a 768x512 PNG that looks the same (each channel mean within 2 of 255)', async () => {
    const bytes = await generated(1536, 1024, 'png');
    const copy = downscaleForModel(bytes, 'png');
    assert.ok(copy);
    assert.equal(copy.mimeType, 'image/png');
    assert.equal(copy.downscaled, true);
    assert.deepEqual(inspectImage(copy.bytes), { format: 'png', width: 768, height: 512, hasAlpha: false });
    const [original, small] = [await meanColour(bytes), await meanColour(copy.bytes)];
    original.forEach((mean, channel) => assert.ok(Math.abs(mean - (small[channel] ?? 0)) < 2, `channel ${channel}`));
    assert.ok(copy.bytes.length < bytes.length, 'smaller than the saved file');
  });

  it('makes a portrait JPEG a PNG whose longest side is 768', async () => {
    const bytes = await generated(1024, 1536, 'jpeg');
    const copy = downscaleForModel(bytes, 'jpeg');
    assert.ok(copy);
    assert.equal(copy.mimeType, 'image/png');
    const info = inspectImage(copy.bytes);
    assert.deepEqual([info.format, info.width, info.height], ['png', 512, MODEL_IMAGE_MAX_SIDE]);
  });

  it('keeps the transparency of a cut-out', async () => {
    const bytes = await generated(1024, 1024, 'png', 'transparent');
    const copy = downscaleForModel(bytes, 'png');
    assert.ok(copy);
    const decoded = await sharp(copy.bytes).raw().toBuffer({ resolveWithObject: true });
    assert.equal(decoded.info.channels, 4);
    let transparent = 0;
    for (let i = 3; i < decoded.data.length; i += 4) if (decoded.data[i] === 0) transparent++;
    assert.ok(transparent > 0, 'some pixels are still fully transparent');
  });

  it('sends a PNG that already fits as it is', async () => {
    const bytes = new Uint8Array(
      await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3366cc' } })
        .png()
        .toBuffer(),
    );
    assert.deepEqual(downscaleForModel(bytes, 'png'), { bytes, mimeType: 'image/png', downscaled: false });
  });

  it('sends a WebP as saved up to the cap, and nothing above it', async () => {
    const bytes = await generated(1024, 1024, 'webp');
    assert.deepEqual(downscaleForModel(bytes, 'webp'), { bytes, mimeType: 'image/webp', downscaled: false });
    const large = new Uint8Array(MAX_ORIGINAL_IMAGE_BYTES + 1);
    large.set(bytes);
    assert.equal(downscaleForModel(large, 'webp'), undefined);
  });

  it('sends bytes that do not decode as they are when small, never throwing', () => {
    const broken = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    assert.deepEqual(downscaleForModel(broken, 'png'), { bytes: broken, mimeType: 'image/png', downscaled: false });
    assert.equal(downscaleForModel(new Uint8Array(MAX_ORIGINAL_IMAGE_BYTES + 1), 'jpeg'), undefined);
  });
});
