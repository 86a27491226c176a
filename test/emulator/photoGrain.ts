/**
 * Photo-like grain for the bench's payloads: the emulator's artwork is flat colour, which PNG squeezes to a
 * fraction of what a real photo-like image weighs, so every byte-bound cost (base64, decoding, writing) would look
 * smaller than it is. Adding a few levels of seeded noise per channel makes the PNG about as incompressible as a
 * photograph, and the same request still gives identical bytes.
 */
import { createCipheriv } from 'node:crypto';
import type { RawImage } from './imageRenderer';

// How far each channel may move (±): small enough to keep the picture, large enough to defeat compression.
const GRAIN_LEVELS = 4;

export function withPhotoGrain(image: RawImage, seed: Buffer): RawImage {
  // AES in counter mode over zeros is a fast, seeded, uniform byte stream.
  const cipher = createCipheriv('aes-128-ctr', seed.subarray(0, 16), Buffer.alloc(16));
  const noise = cipher.update(Buffer.alloc(image.data.length));
  const data = Buffer.from(image.data);
  const span = GRAIN_LEVELS * 2 + 1;
  for (let i = 0; i < data.length; i++) {
    // Alpha is left alone, so transparent corners stay transparent.
    if (image.channels === 4 && i % 4 === 3) continue;
    const moved = (data[i] ?? 0) + ((noise[i] ?? 0) % span) - GRAIN_LEVELS;
    data[i] = moved < 0 ? 0 : moved > 255 ? 255 : moved;
  }
  return { ...image, data };
}
