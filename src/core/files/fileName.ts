/** Generated image file names and the output-folder check (rules F1, F2). */
import { randomHex } from './randomHex';
import { ImageStudioError } from '../errors';
import type { OutputFormat } from '../../facts/imageOptions';

const MAX_SLUG_LENGTH = 40;
const EXTENSIONS: Readonly<Record<OutputFormat, string>> = { png: 'png', jpeg: 'jpg', webp: 'webp' };
// Letters NFKD does not decompose into ASCII.
const LIGATURES: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};
// Linux and macOS name limits (Windows allows 255 UTF-16 units, never fewer bytes).
const MAX_SEGMENT_BYTES = 255;
const MAX_RELATIVE_PATH_LENGTH = 1000;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * `<yyyymmdd-hhmmss>-<slug>-<4 hex>.<ext>` in local time; the name is one safe path component whatever the prompt
 * holds.
 */
export function imageFileName(
  prompt: string,
  format: OutputFormat,
  now: Date,
  random: () => string = randomSuffix,
): string {
  return `${timestamp(now)}-${slugFromPrompt(prompt)}-${hexSuffix(random())}.${EXTENSIONS[format]}`;
}

/** Four random lowercase hex digits. */
export function randomSuffix(): string {
  return randomHex(2);
}

/** A `[a-z0-9-]` slug of at most 40 characters from the prompt's words; `image` when none survive. */
export function slugFromPrompt(prompt: string): string {
  // Only the start matters for a 40-character slug; bounding the input bounds the work.
  const head = prompt.slice(0, 400).toLowerCase();
  const ascii = head
    .replace(/[ßæœøđðłþı]/g, (letter) => LIGATURES[letter] ?? '')
    .normalize('NFKD')
    // NFKD splits "é" into "e" and a combining accent; dropping the marks keeps the letter.
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = ascii;
  if (slug.length > MAX_SLUG_LENGTH) {
    slug = slug.slice(0, MAX_SLUG_LENGTH);
    // Cut at the last word boundary when that keeps a reasonable length.
    const lastDash = slug.lastIndexOf('-');
    if (lastDash >= 20) slug = slug.slice(0, lastDash);
    slug = slug.replace(/-+$/g, '');
  }
  return slug === '' ? 'image' : slug;
}

function timestamp(now: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const date = `${pad(now.getFullYear(), 4)}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  if (!/^\d{8}$/.test(date) || !/^\d{6}$/.test(time))
    throw new RangeError('imageFileName needs a valid date between years 0 and 9999');
  return `${date}-${time}`;
}

function hexSuffix(value: string): string {
  // Whatever the injected source returns, the name keeps exactly four hex digits.
  return value
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .padEnd(4, '0')
    .slice(0, 4);
}

/**
 * Checks the output folder option and returns it as a normalised POSIX relative path (`.` for the folder
 * itself).
 */
export function isSafeRelativeFolder(folder: string): string {
  const reject = (why: string): never => {
    throw new ImageStudioError({ kind: 'output-folder-not-allowed', folder, detail: why });
  };
  const trimmed = folder.trim();
  if (trimmed === '') return reject('it is empty');
  // C1 controls and U+2028/9 too: NEL ends a line for YAML 1.1, U+2028 for JavaScript, so a link to the folder would
  // break.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(trimmed))
    return reject('it contains control characters or line breaks');
  // A lone surrogate cannot be written to disk as it is (and URI encoding throws on it).
  if (/[\ud800-\udfff]/u.test(trimmed)) return reject('it is not valid Unicode (it holds a lone surrogate)');
  if (trimmed.includes('\\')) return reject('backslashes are not allowed (use /)');
  if (trimmed.includes('%')) return reject('percent-escapes are not allowed');
  if (/^[a-zA-Z]:/.test(trimmed)) return reject('drive letters are not allowed');
  if (trimmed.startsWith('/')) return reject('absolute paths are not allowed');
  if (trimmed.startsWith('~')) return reject('home-relative paths are not allowed');
  if (/[:*?"<>|]/.test(trimmed)) return reject('the characters : * ? " < > | are not allowed');
  // The manifest's own cap on a path; file systems refuse far longer ones with an unhelpful ENAMETOOLONG.
  if (trimmed.length > MAX_RELATIVE_PATH_LENGTH)
    return reject(`it is longer than ${MAX_RELATIVE_PATH_LENGTH} characters`);
  const segments: string[] = [];
  for (const segment of trimmed.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return reject('".." segments are not allowed');
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      return reject(`the folder name "${segment.slice(0, 20)}…" is longer than ${MAX_SEGMENT_BYTES} bytes`);
    if (/^\.+$/.test(segment) || /[. ]$/.test(segment))
      return reject(`the folder name "${segment}" ends with a dot or space`);
    if (WINDOWS_RESERVED.test(segment)) return reject(`"${segment}" is a reserved name on Windows`);
    segments.push(segment);
  }
  return segments.length === 0 ? '.' : segments.join('/');
}
