/** Writes pixels as a plain PNG: 8-bit RGB or RGBA, one IDAT chunk, the Sub filter on every row. */
import { deflateSync } from 'node:zlib';
import { crc32, type RgbaPixels } from '../request/imageBytes';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** The PNG for `pixels`; the alpha channel is dropped when every pixel is opaque (a smaller file, the same image). */
export function encodePng(pixels: RgbaPixels): Uint8Array {
  const { width, height, rgba } = pixels;
  const opaque = rgba.every((value, index) => index % 4 !== 3 || value === 255);
  const channels = opaque ? 3 : 4;
  const stride = width * channels;
  // Sub (left-difference) filtering, cheap to compute and much smaller than no filter for rendered images.
  const filtered = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    filtered[row] = 1;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const value = rgba[(y * width + x) * 4 + c] ?? 0;
        const left = x > 0 ? (rgba[(y * width + x - 1) * 4 + c] ?? 0) : 0;
        filtered[row + 1 + x * channels + c] = (value - left) & 0xff;
      }
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = opaque ? 2 : 6;
  return concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', new Uint8Array(deflateSync(filtered))),
    chunk('IEND', new Uint8Array()),
  ]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
