/**
 * Renders real images with sharp: generations from the prompt's artwork, edits from the input image
 * (resized to the output size, tinted, the prompt drawn; with a mask only the mask's transparent area
 * changes). Opaque output has no alpha channel; transparent output has fully transparent corners.
 * The same request gives identical bytes.
 */
import sharp = require('sharp');
import { artSvg, editOverlaySvg, hashOf, headline } from './promptArt';
import type { Dimensions } from './sizes';
import type { DecodedImage, EditInputs } from './uploads';
import type { Background, OutputFormat, Quality } from './validation';

export interface RawImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
}

export interface RenderSpec {
  readonly prompt: string;
  readonly modelId: string;
  readonly size: Dimensions;
  readonly quality: Quality;
  readonly background: Background;
  /** Which of the `n` images (they differ). */
  readonly index: number;
}

export interface EncodeSpec {
  readonly format: OutputFormat;
  readonly compression: number | undefined;
}

const DETAIL: Record<Quality, number> = { low: 3, medium: 6, high: 10, xhigh: 14, max: 18 };

async function toRaw(image: sharp.Sharp, transparent: boolean): Promise<RawImage> {
  const pipeline = transparent ? image.ensureAlpha() : image.flatten({ background: '#000000' }).removeAlpha();
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 };
}

export async function renderGeneration(spec: RenderSpec): Promise<RawImage> {
  const svg = artSvg({
    width: spec.size.width,
    height: spec.size.height,
    hash: hashOf(spec.prompt, spec.modelId, spec.quality, spec.index),
    detail: DETAIL[spec.quality],
    transparent: spec.background === 'transparent',
    text: headline(spec.prompt),
  });
  return toRaw(sharp(Buffer.from(svg)), spec.background === 'transparent');
}

async function rgbaAt(image: DecodedImage, size: Dimensions): Promise<Buffer> {
  return sharp(image.bytes).rotate().resize(size.width, size.height, { fit: 'cover' }).ensureAlpha().raw().toBuffer();
}

/** Zeroes alpha outside the centred ellipse, so a transparent edit really has transparent pixels. */
function cutEllipse(rgba: Buffer, { width, height }: Dimensions): void {
  const rx = width * 0.42;
  const ry = height * 0.42;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x + 0.5 - width / 2) / rx;
      const dy = (y + 0.5 - height / 2) / ry;
      if (dx * dx + dy * dy > 1) rgba[(y * width + x) * 4 + 3] = 0;
    }
  }
}

export async function renderEdit(spec: RenderSpec, inputs: EditInputs): Promise<RawImage> {
  const [first, ...others] = inputs.images;
  if (!first) throw new Error('renderEdit needs an input image');
  const { width, height } = spec.size;
  const hash = hashOf(spec.prompt, spec.modelId, spec.quality, spec.index, 'edit');
  const original = await rgbaAt(first, spec.size);

  const thumbEdge = Math.max(16, Math.round(Math.min(width, height) / 6));
  const thumbs = await Promise.all(
    others.slice(0, 6).map(async (img, i) => ({
      input: await sharp(img.bytes).rotate().resize(thumbEdge, thumbEdge, { fit: 'cover' }).png().toBuffer(),
      left: Math.min(width - thumbEdge, 8 + i * (thumbEdge + 8)),
      top: 8,
    })),
  );
  const edited = await sharp(original, { raw: { width, height, channels: 4 } })
    .composite([{ input: Buffer.from(editOverlaySvg(width, height, hash, headline(spec.prompt))) }, ...thumbs])
    .ensureAlpha()
    .raw()
    .toBuffer();

  const out = Buffer.from(edited);
  if (inputs.mask) {
    const maskAlpha = await sharp(inputs.mask.bytes)
      .rotate()
      .resize(width, height, { fit: 'fill' })
      .ensureAlpha()
      .extractChannel(3)
      .raw()
      .toBuffer();
    for (let p = 0; p < width * height; p++) {
      const keep = (maskAlpha[p] ?? 0) / 255; // opaque mask pixels keep the original
      for (let c = 0; c < 4; c++) {
        const i = p * 4 + c;
        out[i] = Math.round((edited[i] ?? 0) * (1 - keep) + (original[i] ?? 0) * keep);
      }
    }
  }
  const transparent = spec.background === 'transparent';
  if (transparent) cutEllipse(out, spec.size);
  return toRaw(sharp(out, { raw: { width, height, channels: 4 } }), transparent);
}

/** A coarser version of the final image for partial image `index` of `count`. */
export async function renderPartial(final: RawImage, index: number, count: number): Promise<RawImage> {
  const scale = ((index + 1) / (count + 1)) * 0.25;
  const w = Math.max(1, Math.round(final.width * scale));
  const h = Math.max(1, Math.round(final.height * scale));
  const small = await sharp(final.data, { raw: { width: final.width, height: final.height, channels: final.channels } })
    .resize(w, h, { fit: 'fill' })
    .raw()
    .toBuffer();
  const data = await sharp(small, { raw: { width: w, height: h, channels: final.channels } })
    .resize(final.width, final.height, { fit: 'fill', kernel: 'nearest' })
    .raw()
    .toBuffer();
  return { ...final, data };
}

/** Encodes to the output format. `output_compression` maps to the encoder's quality (default 100). */
export async function encode(image: RawImage, spec: EncodeSpec): Promise<Buffer> {
  const s = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
  const quality = Math.max(1, Math.min(100, spec.compression ?? 100));
  switch (spec.format) {
    case 'png':
      return s.png({ compressionLevel: 6 }).toBuffer();
    case 'jpeg':
      return s.jpeg({ quality }).toBuffer();
    case 'webp':
      return s.webp({ quality }).toBuffer();
  }
}
