/**
 * Reads back the link lines Image Studio writes under `image:` comments, so a CodeLens can offer Open and Regenerate.
 */
import { posix } from 'node:path';
import { findImageComments, stripComment, type ImageComment } from './commentPrompt';

// `![alt](dest)` filling the whole line; the alt may hold backslash escapes (as markdownImageLink writes them).
const MARKDOWN_IMAGE = /^!\[(?:[^\]\\]|\\.)*\]\((.*)\)$/s;
const HTML_IMAGE = /^<img\s[^>]*?\bsrc\s*=\s*"([^"]*)"[^>]*>$/i;

/**
 * The image path of a line that holds only an image link (Markdown or `<img>`), bare or inside a comment; else
 * undefined.
 */
export function linkedImagePath(lineText: string, languageId: string): string | undefined {
  const trimmed = lineText.trim();
  const body = (stripComment(trimmed, languageId) ?? trimmed).trim();
  const markdown = MARKDOWN_IMAGE.exec(body);
  if (markdown) return nonEmpty(markdownDestinationPath(markdown[1] ?? ''));
  const html = HTML_IMAGE.exec(body);
  if (html) return nonEmpty(decodePercent(decodeEntities(html[1] ?? '')));
  return undefined;
}

function nonEmpty(path: string): string | undefined {
  return path.trim() === '' ? undefined : path;
}

function markdownDestinationPath(destination: string): string {
  const inner = destination.startsWith('<') && destination.endsWith('>') ? destination.slice(1, -1) : destination;
  // The inverse of markdownDestination: only control characters, `#` and edge spaces were percent-encoded.
  return inner
    .replace(/\\(.)/g, '$1')
    .replace(/^(?:%20)+|(?:%20)+$/g, (run) => ' '.repeat(run.length / 3))
    .replace(/%(?:[01][0-9a-f]|7f|23)/gi, (escape) => decodePercent(escape));
}

function decodeEntities(text: string): string {
  const named: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(
    /&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi,
    (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (dec !== undefined) return String.fromCodePoint(Number(dec));
      if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
      return named[(name ?? '').toLowerCase()] ?? whole;
    },
  );
}

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A lone `%` is a literal character, not an escape.
    return text;
  }
}

/** The image's URI path from the document's URI path and a link path (relative, or absolute across Windows drives). */
export function resolveLinkPath(documentPath: string, linkPath: string): string {
  if (linkPath.startsWith('/')) return posix.normalize(linkPath);
  return posix.join(posix.dirname(documentPath), linkPath);
}

export interface LinkedImageComment extends ImageComment {
  /** The link line right after the comment, when there is one; `imagePath` is resolved against the document. */
  readonly link?: { readonly line: number; readonly imagePath: string };
}

/** `image:` comments of a document, each with the image link that follows it, if any. */
export function findLinkedImageComments(text: string, languageId: string, documentPath: string): LinkedImageComment[] {
  const lines = text.split(/\r?\n/);
  return findImageComments(text, languageId).map((comment) => {
    const linkLine = comment.endLine + 1;
    const linkPath = linkLine < lines.length ? linkedImagePath(lines[linkLine] ?? '', languageId) : undefined;
    return linkPath === undefined
      ? comment
      : { ...comment, link: { line: linkLine, imagePath: resolveLinkPath(documentPath, linkPath) } };
  });
}
