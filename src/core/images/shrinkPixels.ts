/** Makes pixels smaller by averaging the source pixels each target pixel covers (a box filter). */
import type { RgbaPixels } from '../request/imageBytes';

/**
 * `pixels` scaled down so that neither side is over `maxSide` (aspect kept, each side at least 1); unchanged when it
 * already fits. Colour is averaged weighted by alpha, so transparent pixels do not darken the edges of a cut-out.
 */
export function shrinkPixels(pixels: RgbaPixels, maxSide: number): RgbaPixels {
  const { width, height, rgba } = pixels;
  const scale = maxSide / Math.max(width, height);
  if (scale >= 1) return pixels;
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  const out = new Uint8Array(outWidth * outHeight * 4);
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = Math.floor((oy * height) / outHeight);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * height) / outHeight));
    for (let ox = 0; ox < outWidth; ox++) {
      const x0 = Math.floor((ox * width) / outWidth);
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * width) / outWidth));
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const at = (y * width + x) * 4;
          const alpha = rgba[at + 3] ?? 0;
          r += (rgba[at] ?? 0) * alpha;
          g += (rgba[at + 1] ?? 0) * alpha;
          b += (rgba[at + 2] ?? 0) * alpha;
          a += alpha;
        }
      }
      const count = (x1 - x0) * (y1 - y0);
      const at = (oy * outWidth + ox) * 4;
      out[at] = a > 0 ? Math.round(r / a) : 0;
      out[at + 1] = a > 0 ? Math.round(g / a) : 0;
      out[at + 2] = a > 0 ? Math.round(b / a) : 0;
      out[at + 3] = Math.round(a / count);
    }
  }
  return { width: outWidth, height: outHeight, rgba: out };
}
