/** Hostile text for the fuzz properties: what a prompt, a setting or a committed file may hold. */
import * as fc from 'fast-check';

/** Pieces that have broken path, Markdown, HTML, comment or terminal handling somewhere. */
export const HOSTILE_PIECES: readonly string[] = [
  // paths
  '..',
  '../',
  '..\\',
  '/',
  '\\',
  '//',
  './',
  '~',
  '~/',
  'C:',
  'C:\\',
  '\\\\?\\',
  '%2e%2e%2f',
  '%2F',
  '%00',
  '%',
  '%25',
  'file:',
  // Windows names and dots
  'CON',
  'nul',
  'aux.txt',
  'COM1',
  'lpt9',
  '.',
  '...',
  ' ',
  'name.',
  'name ',
  // controls and line breaks, including the Unicode ones JavaScript and YAML 1.1 end lines at
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u000b',
  '\u000c',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  // invisible, bidirectional and combining characters
  '\u200b',
  '\u200d',
  '\u202e',
  '\u200f',
  '\u2066',
  '\ufeff',
  '\u00a0',
  '\u3000',
  'e\u0301',
  '\u0301\u0301',
  'ﬁ',
  'ß',
  'İ',
  'ǅ',
  // look-alikes of dots and slashes
  '\uff0e\uff0e',
  '\u2024\u2024',
  '\u2215',
  '\uff0f',
  '\uff3c',
  '\u2044',
  '\ufe52',
  // other scripts, astral characters and broken UTF-16
  'שלום',
  'مرحبا',
  '日本語',
  '𝔘𝔫𝔦',
  '😀',
  '👩‍👩‍👧',
  '\ud800',
  '\udfff',
  '\udbff\udfff',
  // Markdown
  '[',
  ']',
  '(',
  ')',
  '![',
  '](',
  '![x](y)',
  '[a](javascript:alert(1))',
  '<http://evil.example>',
  '*',
  '_',
  '**',
  '`',
  '```',
  '~~',
  '!',
  '#',
  '|',
  '\\]',
  '\\',
  '&amp;',
  '&#93;',
  '&lt;',
  ' "title"',
  '[^1]',
  '<>',
  // HTML
  '<',
  '>',
  '"',
  "'",
  '&',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "' onerror='x",
  '</p>',
  // comment closers and openers of the supported languages
  '*/',
  '/*',
  '-->',
  '--!>',
  '<!--',
  '"""',
  "'''",
  '#>',
  '<#',
  '-}',
  '{-',
  ']]',
  '--[[',
  '*)',
  '(*',
  '%}',
  '%{',
  '*/}',
  '{/*',
  // URLs and commands
  'http://evil.example/',
  'javascript:',
  'command:workbench.action.terminal.new',
  'vscode://',
  'data:text/html,',
  '?',
  '#top',
  // key-shaped text
  'sk-proj-abcdefghijklmnop',
  'Bearer abc.def',
];

/** One hostile piece or a short run of arbitrary code points. */
const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9 ]{1,12}$/) },
);

/** Text of mixed hostile pieces, arbitrary code points, or very long runs. */
export function hostileText(options: { maxPieces?: number; allowLong?: boolean } = {}): fc.Arbitrary<string> {
  const mixed = fc.array(piece, { maxLength: options.maxPieces ?? 24 }).map((pieces) => pieces.join(''));
  const long = fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.integer({ min: 500, max: 12_000 }))
    .map(([pieces, length]) =>
      pieces
        .join('')
        .repeat(Math.ceil(length / Math.max(1, pieces.join('').length)))
        .slice(0, length),
    );
  return fc.oneof(
    { weight: 6, arbitrary: mixed },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
    { weight: options.allowLong === false ? 0 : 1, arbitrary: long },
  );
}

/** One path segment (no `/`): a hostile run, or a plain name. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileText({ maxPieces: 4, allowLong: false }).map((text) => text.replace(/\//g, '')) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 300 }).map((length) => 'x'.repeat(length)) },
);

/** JSON with every character outside printable ASCII escaped, so an invisible NEL or RLO shows in a failure message. */
export function printable(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Ways to spell an escape or a surprise in one segment: traversal, encoded, NUL, look-alike dots and slashes. */
const SEGMENT_TRICKS = [
  '..',
  '.',
  '',
  '...',
  '%2e%2e',
  '%2f',
  '..%2f',
  '\uff0e\uff0e',
  '\u2024\u2024',
  '..\u0000',
  'CON',
  'a\u2215..',
  '\\..',
  '~',
  'new',
  'ignore',
];

/**
 * A relative path as a setting or a committed manifest may spell it: traversal, absolute (also into `root`),
 * backslashes,
 * percent-encoded, NUL, look-alikes, very long; `names` are entries that exist where it is resolved.
 */
export function hostilePath(root: string, names: readonly string[] = []): fc.Arbitrary<string> {
  const segment = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names, ...SEGMENT_TRICKS) },
    { weight: 2, arbitrary: pathSegment },
  );
  const separator = fc.constantFrom('/', '/', '/', '\\', '//', '/./');
  const prefix = fc.constantFrom(
    '',
    '',
    '',
    '/',
    '\\',
    './',
    '../',
    'C:',
    'c:/',
    '~/',
    'file:///',
    `${root}/`,
    `${root}/outside/`,
    '\\\\server\\share\\',
  );
  const suffix = fc.constantFrom('', '', '/', '/.', '\u0000', ' ', '.');
  const joined = fc
    .tuple(prefix, fc.array(fc.tuple(segment, separator), { minLength: 1, maxLength: 6 }), suffix)
    .map(
      ([start, parts, end]) =>
        `${start}${parts.map(([name, sep], index) => (index === 0 ? name : `${sep}${name}`)).join('')}${end}`,
    );
  // Paths that pass the syntax check, so resolution meets the existing entries and their symlinks.
  const plain = fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...names, 'new', 'ignore', '.') },
        { weight: 1, arbitrary: pathSegment },
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((segments) => segments.join('/'));
  const long = fc.integer({ min: 1, max: 300 }).map((count) => Array.from({ length: count }, () => 'deep').join('/'));
  return fc.oneof({ weight: 5, arbitrary: joined }, { weight: 4, arbitrary: plain }, { weight: 1, arbitrary: long });
}
