/** Prompts from selected comments, comment syntax per language, and `image:` comments for a CodeLens. */
import { ImageStudioError } from '../errors';

export interface CommentSyntax {
  line?: string;
  block?: readonly [string, string];
}

const C_BLOCK = ['/*', '*/'] as const;
const HTML_BLOCK = ['<!--', '-->'] as const;
const C_LIKE: CommentSyntax = { line: '//', block: C_BLOCK };
const HASH: CommentSyntax = { line: '#' };

const SYNTAX_BY_LANGUAGE: Readonly<Record<string, CommentSyntax>> = {
  typescript: C_LIKE,
  javascript: C_LIKE,
  typescriptreact: C_LIKE,
  javascriptreact: C_LIKE,
  java: C_LIKE,
  c: C_LIKE,
  cpp: C_LIKE,
  csharp: C_LIKE,
  go: C_LIKE,
  rust: C_LIKE,
  swift: C_LIKE,
  kotlin: C_LIKE,
  php: C_LIKE,
  scss: C_LIKE,
  less: C_LIKE,
  dart: C_LIKE,
  scala: C_LIKE,
  groovy: C_LIKE,
  'objective-c': C_LIKE,
  'objective-cpp': C_LIKE,
  fsharp: { line: '//', block: ['(*', '*)'] },
  jsonc: C_LIKE,
  zig: { line: '//' },
  // Docstrings are string literals, not comments, but people write prompts in them and select them.
  python: { line: '#', block: ['"""', '"""'] },
  ruby: HASH,
  shellscript: HASH,
  yaml: HASH,
  toml: HASH,
  perl: HASH,
  r: HASH,
  dockerfile: HASH,
  makefile: HASH,
  powershell: { line: '#', block: ['<#', '#>'] },
  coffeescript: HASH,
  elixir: HASH,
  julia: HASH,
  nim: HASH,
  graphql: HASH,
  properties: HASH,
  cmake: HASH,
  terraform: { line: '#', block: C_BLOCK },
  sql: { line: '--', block: C_BLOCK },
  lua: { line: '--', block: ['--[[', ']]'] },
  haskell: { line: '--', block: ['{-', '-}'] },
  elm: { line: '--', block: ['{-', '-}'] },
  ada: { line: '--' },
  vhdl: { line: '--' },
  lisp: { line: ';' },
  clojure: { line: ';' },
  scheme: { line: ';' },
  racket: { line: ';' },
  ini: { line: ';' },
  asm: { line: ';' },
  nasm: { line: ';' },
  latex: { line: '%' },
  tex: { line: '%' },
  bibtex: { line: '%' },
  matlab: { line: '%', block: ['%{', '%}'] },
  erlang: { line: '%' },
  prolog: { line: '%', block: C_BLOCK },
  vb: { line: "'" },
  vba: { line: "'" },
  bat: { line: 'REM' },
  html: { block: HTML_BLOCK },
  xml: { block: HTML_BLOCK },
  xsl: { block: HTML_BLOCK },
  svg: { block: HTML_BLOCK },
  markdown: { block: HTML_BLOCK },
  mdx: { block: ['{/*', '*/}'] },
  vue: { block: HTML_BLOCK },
  svelte: { block: HTML_BLOCK },
  astro: { block: HTML_BLOCK },
  css: { block: C_BLOCK },
};

// Prose languages: a link there is content, not something to hide in a comment.
const UNCOMMENTED_LANGUAGES = new Set(['markdown', 'plaintext', 'quarto', 'rmd']);

// Tried on any selection, after the language's own syntax; the longest opener first.
const GENERIC_BLOCKS: readonly (readonly [string, string])[] = [
  ['/**', '*/'],
  ['/*', '*/'],
  ['<!--', '-->'],
  ['"""', '"""'],
  ["'''", "'''"],
  ['{-', '-}'],
  ['--[[', ']]'],
  ['<#', '#>'],
  ['(*', '*)'],
];
const GENERIC_LINE_MARKERS: readonly string[] = ['//', '#', '--', ';', '%'];

const IMAGE_PREFIX = /^\s*image\s*:\s*/i;
const MAX_BLOCK_LINES = 50;

/** Every language id whose comment syntax is known (a CodeLens document selector), plus plain text. */
export function commentLanguageIds(): string[] {
  return [...Object.keys(SYNTAX_BY_LANGUAGE), 'plaintext'];
}

/** The comment syntax of a VS Code language id; `{}` when unknown. */
export function commentSyntaxFor(languageId: string): CommentSyntax {
  return SYNTAX_BY_LANGUAGE[languageId] ?? {};
}

export interface SelectionPrompt {
  prompt: string;
  /** True when comment markers were removed (the selection was a comment). */
  wasComment: boolean;
}

/**
 * Turns a selection (often a comment) into a prompt: strips comment markers and an `image:` prefix, collapses
 * whitespace.
 */
export function promptFromSelection(text: string, languageId: string): SelectionPrompt {
  const trimmed = text.trim();
  const stripped = stripComment(trimmed, languageId);
  const body = stripped ?? trimmed;
  const prompt = collapse(body.replace(IMAGE_PREFIX, ''));
  if (prompt === '') {
    throw new ImageStudioError({ kind: 'empty-selection' });
  }
  return { prompt, wasComment: stripped !== undefined };
}

/** The text inside a comment (block, or every line a line comment); undefined when the text is not one comment. */
export function stripComment(text: string, languageId: string): string | undefined {
  const trimmed = text.trim();
  return stripBlockComment(trimmed, languageId) ?? stripLineComments(trimmed, languageId);
}

function stripBlockComment(text: string, languageId: string): string | undefined {
  const own = commentSyntaxFor(languageId).block;
  const forms = own ? [own, ...GENERIC_BLOCKS] : GENERIC_BLOCKS;
  for (const [open, close] of forms) {
    if (text.length >= open.length + close.length && text.startsWith(open) && text.endsWith(close)) {
      const inner = text.slice(open.length, text.length - close.length);
      // JSDoc-style bodies repeat a leading " * " on each line.
      return inner
        .split(/\r?\n/)
        .map((line) => line.replace(/^\s*\*(?!\/)\s?/, ''))
        .join('\n');
    }
  }
  return undefined;
}

function stripLineComments(text: string, languageId: string): string | undefined {
  const own = commentSyntaxFor(languageId).line;
  const markers = own ? [own, ...GENERIC_LINE_MARKERS] : GENERIC_LINE_MARKERS;
  const lines = text.split(/\r?\n/);
  const contentLines = lines.filter((line) => line.trim() !== '');
  for (const marker of markers) {
    if (contentLines.every((line) => startsWithMarker(line.trimStart(), marker))) {
      return lines.map((line) => removeMarker(line.trimStart(), marker)).join('\n');
    }
  }
  return undefined;
}

function startsWithMarker(line: string, marker: string): boolean {
  if (/^[a-z]+$/i.test(marker)) return new RegExp(`^${marker}(\\s|$)`, 'i').test(line);
  return line.startsWith(marker);
}

function removeMarker(line: string, marker: string): string {
  if (line.trim() === '') return '';
  if (/^[a-z]+$/i.test(marker)) return line.replace(new RegExp(`^${marker}`, 'i'), '');
  // Repeated markers (`///`, `##`, `;;`, `%%`) and doc-comment bangs (`//!`) are decoration.
  const rest = line.slice(marker.length);
  const markerChar = marker.charAt(0);
  let start = 0;
  while (rest.charAt(start) === markerChar) start++;
  if (marker === '//' && rest.charAt(start) === '!') start++;
  return rest.slice(start);
}

/** The text as a one-line comment in the language's syntax; prose languages and unknown ones get it unchanged. */
export function commentLine(languageId: string, text: string): string {
  // Only what could end the line goes (NEL ends one for YAML 1.1): squeezing spaces would change a path in the link.
  // eslint-disable-next-line no-control-regex
  const oneLine = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trim();
  if (UNCOMMENTED_LANGUAGES.has(languageId)) return oneLine;
  const syntax = commentSyntaxFor(languageId);
  if (syntax.line !== undefined) return `${syntax.line} ${oneLine}`;
  if (syntax.block !== undefined) {
    const [open, close] = syntax.block;
    // A closer inside the text would end the comment early and leave the rest as code.
    return `${open} ${(ENDS_OF_BLOCK[close] ?? [close]).reduce(breakCloser, oneLine)} ${close}`;
  }
  return oneLine;
}

// What else ends a block comment: HTML parsers also close `<!--` at `--!>`; MDX's `{/* */}` holds a JavaScript comment.
const ENDS_OF_BLOCK: Readonly<Record<string, readonly string[]>> = { '-->': ['-->', '--!>'], '*/}': ['*/'] };

function breakCloser(text: string, close: string): string {
  if (close.length < 2) return text;
  const broken = `${close.slice(0, close.length - 1)} ${close.slice(close.length - 1)}`;
  let result = text;
  while (result.includes(close)) result = result.split(close).join(broken);
  return result;
}

export interface ImageComment {
  /** Zero-based line of the comment's start. */
  line: number;
  /** Zero-based line where the comment ends (its link, if any, is on the line after). */
  endLine: number;
  prompt: string;
}

/** Comments whose text starts with `image:` (each starting on its own line), for a CodeLens. */
export function findImageComments(text: string, languageId: string): ImageComment[] {
  const own = commentSyntaxFor(languageId);
  const lineMarkers = own.line !== undefined ? [own.line] : own.block !== undefined ? [] : ['//', '#'];
  const blocks: readonly (readonly [string, string])[] =
    own.block !== undefined ? [own.block] : own.line !== undefined ? [] : [C_BLOCK, HTML_BLOCK];
  const lines = text.split(/\r?\n/);
  const found: ImageComment[] = [];
  for (let index = 0; index < lines.length; index++) {
    const trimmed = (lines[index] ?? '').trimStart();
    // Blocks first: Lua's `--[[` also starts with its line marker `--`.
    const block = blocks.find(([open]) => trimmed.startsWith(open));
    if (block !== undefined) {
      const endLine = addBlockComment(found, lines, index, block);
      // A block's inner lines are not comments of their own; an unclosed one is no comment at all.
      if (endLine !== undefined) index = endLine;
      continue;
    }
    const marker = lineMarkers.find((m) => startsWithMarker(trimmed, m));
    if (marker === undefined) continue;
    const content = removeMarker(trimmed, marker);
    if (IMAGE_PREFIX.test(content)) addPrompt(found, index, index, content);
  }
  return found;
}

/**
 * Reads the block starting on `start` (a JSDoc `/**` may put `image:` on its second line); returns its last line,
 * undefined when unclosed.
 */
function addBlockComment(
  found: ImageComment[],
  lines: readonly string[],
  start: number,
  [open, close]: readonly [string, string],
): number | undefined {
  const parts: string[] = [];
  for (let next = start; next < lines.length && next < start + MAX_BLOCK_LINES; next++) {
    const raw = next === start ? (lines[next] ?? '').trimStart().slice(open.length) : (lines[next] ?? '');
    // JSDoc's leading `*` on each line (and the second `*` of `/**`) is decoration.
    const part = raw.replace(/^\s*\*(?!\/)\s?/, '');
    const end = part.indexOf(close);
    parts.push(end >= 0 ? part.slice(0, end) : part);
    if (end < 0) continue;
    const content = parts.join(' ');
    if (IMAGE_PREFIX.test(content.trimStart())) addPrompt(found, start, next, content);
    return next;
  }
  return undefined;
}

function addPrompt(found: ImageComment[], line: number, endLine: number, content: string): void {
  const prompt = collapse(content.replace(/^\s*\*?\s*/, '').replace(IMAGE_PREFIX, ''));
  if (prompt !== '') found.push({ line, endLine, prompt });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
