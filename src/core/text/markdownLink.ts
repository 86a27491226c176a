/** Links from a document to a generated image: relative path math and escaped Markdown/HTML forms (rule M2). */
import { posix } from 'node:path';

const MAX_ALT_LENGTH = 100;

/** POSIX path from the document's folder to the image, e.g. `images/cat.png` or `../assets/cat.png`. */
export function relativeImagePath(fromDocumentPath: string, imagePath: string): string {
  const from = normaliseDrive(fromDocumentPath);
  const to = normaliseDrive(imagePath);
  const fromDrive = driveOf(from);
  const toDrive = driveOf(to);
  // Different Windows drives have no relative path between them.
  if (fromDrive !== toDrive) return to;
  const relative = posix.relative(posix.dirname(from), to);
  return relative === '' ? posix.basename(to) : relative;
}

/** `/C:/x` and `/c:/x` name the same file: VS Code URI paths lower-case the drive letter. */
function normaliseDrive(path: string): string {
  const withSlash = /^[a-zA-Z]:\//.test(path) ? `/${path}` : path;
  return withSlash.replace(/^\/([a-zA-Z]):/, (_m, letter: string) => `/${letter.toLowerCase()}:`);
}

function driveOf(path: string): string {
  return /^\/([a-z]):/.exec(path)?.[1] ?? '';
}

/** Alt text: one line without control characters, at most ~100 characters, cut at a word where possible. */
export function cleanAltText(alt: string): string {
  // A NUL makes git treat the document as binary, and NEL ends a line for YAML 1.1 parsers: controls become spaces.
  // eslint-disable-next-line no-control-regex
  const oneLine = alt.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (oneLine.length <= MAX_ALT_LENGTH) return oneLine;
  const cut = oneLine.slice(0, MAX_ALT_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace >= 60 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** `![alt](path)` with the alt text escaped and the path in `<...>` when it holds spaces or parentheses. */
export function markdownImageLink(alt: string, relPath: string): string {
  return `![${escapeMarkdownText(cleanAltText(alt))}](${markdownDestination(relPath)})`;
}

function escapeMarkdownText(text: string): string {
  // Backslash-escape the characters that would end the alt text or turn part of it into markup.
  return text.replace(/[\\[\]*_`<>&!~]/g, (char) => `\\${char}`);
}

function markdownDestination(path: string): string {
  // Control characters cannot appear in either destination form; percent-encoding keeps the link one line.
  // Parsers trim a destination's edges, so edge spaces are percent-encoded too; `#` would start a URL fragment.
  const encoded = path
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f#]/g, (char) => encodeURIComponent(char))
    .replace(/^ +| +$/g, (spaces) => '%20'.repeat(spaces.length));
  if (/[\s()<>]/.test(encoded) || encoded === '') {
    return `<${encoded.replace(/[\\<>&]/g, (char) => `\\${char}`)}>`;
  }
  // `&` too: CommonMark decodes entity references such as `&amp;` inside destinations.
  return encoded.replace(/[\\&]/g, (char) => `\\${char}`);
}

/** `<img src="..." alt="..." />` with the path URL-encoded per segment and both attributes escaped. */
export function htmlImageTag(alt: string, relPath: string): string {
  const src = relPath
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return `<img src="${escapeAttribute(src)}" alt="${escapeAttribute(cleanAltText(alt))}" />`;
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const MARKDOWN_LANGUAGES = new Set([
  'markdown',
  'mdx',
  'quarto',
  'rmd',
  'plaintext',
  'prompt',
  'instructions',
  'chatagent',
]);
const HTML_LANGUAGES = new Set([
  'html',
  'vue',
  'vue-html',
  'svelte',
  'astro',
  'javascriptreact',
  'typescriptreact',
  'handlebars',
  'razor',
  'erb',
  'django-html',
  'jinja-html',
  'twig',
  'blade',
]);

export interface ImageLink {
  form: 'markdown' | 'html';
  text: string;
  /** True when the document's language would not render the link, so the caller should wrap it in a comment. */
  needsComment: boolean;
}

/**
 * Picks the link form for a document language: Markdown for prose, `<img>` for HTML-like, Markdown in a comment
 * otherwise.
 */
export function imageLinkFor(languageId: string, alt: string, relPath: string): ImageLink {
  if (HTML_LANGUAGES.has(languageId)) return { form: 'html', text: htmlImageTag(alt, relPath), needsComment: false };
  return { form: 'markdown', text: markdownImageLink(alt, relPath), needsComment: !MARKDOWN_LANGUAGES.has(languageId) };
}
