/**
 * Deterministic artwork for a prompt: colours and shapes from the prompt's SHA-256, and the prompt's
 * first words drawn as SVG text. Transparent images keep their subject inside an ellipse, so the
 * corners are fully transparent.
 */
import { createHash } from 'node:crypto';

export function hashOf(...parts: readonly (string | number)[]): Buffer {
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .split('')
    .filter(allowedInXml)
    .join('');
}

/** XML 1.0 forbids most control characters and U+FFFE/U+FFFF even when escaped. */
function allowedInXml(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c === 0x9 || c === 0xa || c === 0xd) return true;
  return c >= 0x20 && c !== 0xfffe && c !== 0xffff;
}

/** The prompt's first words (at most 6 words and 40 characters). */
export function headline(prompt: string): string {
  const words = prompt.trim().split(/\s+/).slice(0, 6).join(' ');
  return words.length > 40 ? `${words.slice(0, 39)}…` : words;
}

const byteAt = (hash: Buffer, i: number): number => hash[i % hash.length] ?? 0;

export function colourAt(hash: Buffer, i: number, lightness = 50): string {
  const hue = Math.round((((byteAt(hash, i) << 8) | byteAt(hash, i + 1)) / 65536) * 360);
  const sat = 55 + (byteAt(hash, i + 2) % 35);
  return `hsl(${hue}, ${sat}%, ${lightness}%)`;
}

export interface ArtSpec {
  readonly width: number;
  readonly height: number;
  readonly hash: Buffer;
  /** Number of shapes drawn (more for higher quality). */
  readonly detail: number;
  readonly transparent: boolean;
  readonly text: string;
}

/** The shapes and text of an image, with or without a background. */
export function artSvg(spec: ArtSpec): string {
  const { width: w, height: h, hash } = spec;
  const shapes: string[] = [];
  for (let i = 0; i < spec.detail; i++) {
    const cx = Math.round((byteAt(hash, 3 * i + 4) / 255) * w);
    const cy = Math.round((byteAt(hash, 3 * i + 5) / 255) * h);
    const r = Math.round(((byteAt(hash, 3 * i + 6) / 255) * 0.25 + 0.05) * Math.min(w, h));
    const fill = colourAt(hash, 2 * i + 9, 35 + (i % 4) * 10);
    shapes.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" fill-opacity="0.7"/>`);
  }
  const fontSize = Math.max(8, Math.round(Math.min(w, h) / 14));
  const text = xmlEscape(spec.text);
  const clip = spec.transparent ? ' clip-path="url(#subject)"' : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<defs>',
    '<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">',
    `<stop offset="0" stop-color="${colourAt(hash, 0)}"/><stop offset="1" stop-color="${colourAt(hash, 2, 30)}"/>`,
    '</linearGradient>',
    `<clipPath id="subject"><ellipse cx="${w / 2}" cy="${h / 2}" rx="${w * 0.42}" ry="${h * 0.42}"/></clipPath>`,
    '</defs>',
    spec.transparent
      ? `<ellipse cx="${w / 2}" cy="${h / 2}" rx="${w * 0.42}" ry="${h * 0.42}" fill="url(#bg)"/>`
      : `<rect width="${w}" height="${h}" fill="url(#bg)"/>`,
    `<g${clip}>${shapes.join('')}</g>`,
    `<text x="${w / 2}" y="${h / 2}" font-family="DejaVu Sans, Arial, sans-serif" font-size="${fontSize}" ` +
      'font-weight="bold" text-anchor="middle" dominant-baseline="middle" fill="#ffffff" stroke="#000000" ' +
      `stroke-width="${Math.max(1, Math.round(fontSize / 16))}"${clip}>${text}</text>`,
    '</svg>',
  ].join('');
}

/** Text and a translucent tint, drawn over an input image for an edit. */
export function editOverlaySvg(width: number, height: number, hash: Buffer, text: string): string {
  const fontSize = Math.max(8, Math.round(Math.min(width, height) / 16));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`,
    `<rect width="${width}" height="${height}" fill="${colourAt(hash, 0)}" fill-opacity="0.35"/>`,
    `<text x="${width / 2}" y="${height - fontSize * 1.5}" font-family="DejaVu Sans, Arial, sans-serif" ` +
      `font-size="${fontSize}" font-weight="bold" text-anchor="middle" fill="#ffffff" stroke="#000000" ` +
      `stroke-width="${Math.max(1, Math.round(fontSize / 16))}">${xmlEscape(text)}</text>`,
    '</svg>',
  ].join('');
}
