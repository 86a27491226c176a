/** Prompts from selected comments, comment syntax per language, and `image:` comments for a CodeLens. */
import { ImageStudioError } from './errors';

export interface CommentSyntax {
  line?: string;
  block?: readonly [string, string];
}

const C_BLOCK = ['/*', '*/'] as const;
const HTML_BLOCK = ['<!--', '-->'] as const;
const C_LIKE: CommentSyntax = { line: '//', block: C_BLOCK };
const HASH: CommentSyntax = { line: '#' };

const SYNTAX_BY_LANGUAGE: Readonly<Record<string, CommentSyntax>> = {
  typescript: C_LIKE, javascript: C_LIKE, typescriptreact: C_LIKE, javascriptreact: C_LIKE,
  java: C_LIKE, c: C_LIKE, cpp: C_LIKE, csharp: C_LIKE, go: C_LIKE, rust: C_LIKE, swift: C_LIKE,
  kotlin: C_LIKE, php: C_LIKE, scss: C_LIKE, less: C_LIKE, dart: C_LIKE, scala: C_LIKE, groovy: C_LIKE,
  'objective-c': C_LIKE, 'objective-cpp': C_LIKE, fsharp: { line: '//', block: ['(*', '*)'] }, jsonc: C_LIKE, zig: { line: '//' },
  python: HASH, ruby: HASH, shellscript: HASH, yaml: HASH, toml: HASH, perl: HASH, r: HASH, dockerfile: HASH,
  makefile: HASH, powershell: { line: '#', block: ['<#', '#>'] }, coffeescript: HASH, elixir: HASH, julia: HASH,
  nim: HASH, graphql: HASH, properties: HASH, cmake: HASH, terraform: { line: '#', block: C_BLOCK },
  sql: { line: '--', block: C_BLOCK }, lua: { line: '--', block: ['--[[', ']]'] }, haskell: { line: '--', block: ['{-', '-}'] },
  elm: { line: '--', block: ['{-', '-}'] }, ada: { line: '--' }, vhdl: { line: '--' },
  lisp: { line: ';' }, clojure: { line: ';' }, scheme: { line: ';' }, racket: { line: ';' }, ini: { line: ';' },
  asm: { line: ';' }, nasm: { line: ';' },
  latex: { line: '%' }, tex: { line: '%' }, bibtex: { line: '%' }, matlab: { line: '%', block: ['%{', '%}'] },
  erlang: { line: '%' }, prolog: { line: '%', block: C_BLOCK },
  vb: { line: "'" }, vba: { line: "'" }, bat: { line: 'REM' },
  html: { block: HTML_BLOCK }, xml: { block: HTML_BLOCK }, xsl: { block: HTML_BLOCK }, svg: { block: HTML_BLOCK },
  markdown: { block: HTML_BLOCK }, mdx: { block: ['{/*', '*/}'] }, vue: { block: HTML_BLOCK }, svelte: { block: HTML_BLOCK },
  astro: { block: HTML_BLOCK }, css: { block: C_BLOCK },
};

// Prose languages: a link there is content, not something to hide in a comment.
const UNCOMMENTED_LANGUAGES = new Set(['markdown', 'plaintext', 'quarto', 'rmd']);

// Tried on any selection, after the language's own syntax; the longest opener first.
const GENERIC_BLOCKS: readonly (readonly [string, string])[] = [
  ['/**', '*/'], ['/*', '*/'], ['<!--', '-->'], ['"""', '"""'], ["'''", "'''"], ['{-', '-}'], ['--[[', ']]'], ['<#', '#>'], ['(*', '*)'],
];
const GENERIC_LINE_MARKERS: readonly string[] = ['//', '#', '--', ';', '%'];

const IMAGE_PREFIX = /^\s*image\s*:\s*/i;
const MAX_BLOCK_LINES = 50;

/** The comment syntax of a VS Code language id; `{}` when unknown. */
export function commentSyntaxFor(languageId: string): CommentSyntax {
  return SYNTAX_BY_LANGUAGE[languageId] ?? {};
}

export interface SelectionPrompt {
  prompt: string;
  /** True when comment markers were removed (the selection was a comment). */
  wasComment: boolean;
}

/** Turns a selection (often a comment) into a prompt: strips comment markers and an `image:` prefix, collapses whitespace. */
export function promptFromSelection(text: string, languageId: string): SelectionPrompt {
  const trimmed = text.trim();
  const stripped = stripBlockComment(trimmed, languageId) ?? stripLineComments(trimmed, languageId);
  const body = stripped ?? trimmed;
  const prompt = collapse(body.replace(IMAGE_PREFIX, ''));
  if (prompt === '') {
    throw new ImageStudioError('invalid-option', 'The selection is empty: select a comment or text that describes the image.', {
      fixes: [{ kind: 'edit-prompt' }],
    });
  }
  return { prompt, wasComment: stripped !== undefined };
}

function stripBlockComment(text: string, languageId: string): string | undefined {
  const own = commentSyntaxFor(languageId).block;
  const forms = own ? [own, ...GENERIC_BLOCKS] : GENERIC_BLOCKS;
  for (const [open, close] of forms) {
    if (text.length >= open.length + close.length && text.startsWith(open) && text.endsWith(close)) {
      const inner = text.slice(open.length, text.length - close.length);
      // JSDoc-style bodies repeat a leading " * " on each line.
      return inner.split(/\r?\n/).map((line) => line.replace(/^\s*\*(?!\/)\s?/, '')).join('\n');
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
  const oneLine = collapse(text);
  if (UNCOMMENTED_LANGUAGES.has(languageId)) return oneLine;
  const syntax = commentSyntaxFor(languageId);
  if (syntax.line !== undefined) return `${syntax.line} ${oneLine}`;
  if (syntax.block !== undefined) {
    const [open, close] = syntax.block;
    // A closer inside the text would end the comment early and leave the rest as code.
    return `${open} ${breakCloser(oneLine, close)} ${close}`;
  }
  return oneLine;
}

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
  prompt: string;
}

/** Comments whose text starts with `image:` (each starting on its own line), for a CodeLens. */
export function findImageComments(text: string, languageId: string): ImageComment[] {
  const own = commentSyntaxFor(languageId);
  const lineMarkers = own.line !== undefined ? [own.line] : own.block !== undefined ? [] : ['//', '#'];
  const blocks: readonly (readonly [string, string])[] = own.block !== undefined ? [own.block] : own.line !== undefined ? [] : [C_BLOCK, HTML_BLOCK];
  const lines = text.split(/\r?\n/);
  const found: ImageComment[] = [];
  for (let index = 0; index < lines.length; index++) {
    const trimmed = (lines[index] ?? '').trimStart();
    const marker = lineMarkers.find((m) => startsWithMarker(trimmed, m));
    if (marker !== undefined) {
      const content = removeMarker(trimmed, marker);
      if (IMAGE_PREFIX.test(content)) addPrompt(found, index, content);
      continue;
    }
    const block = blocks.find(([open]) => trimmed.startsWith(open));
    if (block === undefined) continue;
    const [open, close] = block;
    const first = trimmed.slice(open.length).replace(/^\*(?!\/)/, '');
    const firstContent = first.replace(/^\s*\*(?!\/)\s?/, '');
    if (!IMAGE_PREFIX.test(firstContent) && !IMAGE_PREFIX.test(first)) continue;
    const parts: string[] = [];
    let closed = false;
    for (let next = index; next < lines.length && next < index + MAX_BLOCK_LINES; next++) {
      let part = next === index ? first : (lines[next] ?? '').replace(/^\s*\*(?!\/)\s?/, '');
      const end = part.indexOf(close);
      if (end >= 0) {
        part = part.slice(0, end);
        closed = true;
      }
      parts.push(part);
      if (closed) break;
    }
    if (closed) addPrompt(found, index, parts.join(' '));
  }
  return found;
}

function addPrompt(found: ImageComment[], line: number, content: string): void {
  const prompt = collapse(content.replace(/^\s*\*?\s*/, '').replace(IMAGE_PREFIX, ''));
  if (prompt !== '') found.push({ line, prompt });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
