import { strict as assert } from 'node:assert';
import { posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { parseFragment } from 'parse5';
import { commentLanguageIds, commentLine, commentSyntaxFor } from '../../../src/core/text/commentPrompt';
import { imageFileName, isSafeRelativeFolder } from '../../../src/core/files/fileName';
import { resolveLinkPath, linkedImagePath } from '../../../src/core/text/imageLinkLine';
import { imageLinkText } from '../../../src/core/text/imageLinkText';
import { cleanAltText, htmlImageTag, markdownImageLink, relativeImagePath } from '../../../src/core/text/markdownLink';
import { hostileText, pathSegment, printable } from './arbitraries';
import { checkProperty } from './checkProperty';

const WORKSPACE = '/ws';
const NOW = new Date(2026, 10, 30, 9, 5, 7);
// Every line terminator of a language a link may be inserted into: JavaScript ends `//` comments at U+2028/9, YAML 1.1
// at NEL.
// eslint-disable-next-line no-control-regex
const LINE_TERMINATORS = /[\n\r\u000b\u000c\u0085\u2028\u2029]/;
// What really ends each block comment: HTML parsers also end `<!--` at `--!>`, and MDX's `{/* */}` is a JavaScript
// comment.
const REAL_CLOSERS: Readonly<Record<string, readonly string[]>> = {
  '-->': ['-->', '--!>'],
  '*/': ['*/'],
  '*/}': ['*/'],
};
const HTML_COMMENT_OPENER = '<!--';

// The parser's view: CommonMark with raw HTML on, so injected HTML would show up as its own node.
const markdown = new MarkdownIt('commonmark', { html: true });
// A renderer's view: also GitHub's tables, strikethrough and bare-URL links.
const renderer = new MarkdownIt('default', { html: true, linkify: true });

/** An output-folder setting the engine accepts, made of hostile segments. */
const outputFolder = fc
  .array(pathSegment, { minLength: 1, maxLength: 3 })
  .map((segments) => segments.join('/'))
  .filter((folder) => {
    try {
      const normalized = isSafeRelativeFolder(folder);
      return normalized === folder && normalized !== '.';
    } catch {
      return false;
    }
  });

/** A document folder below the workspace: any names a file system allows (no `/`, no NUL). */
const documentFolder = fc.array(
  pathSegment
    .map((segment) => segment.replaceAll('\u0000', ''))
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..'),
  { maxLength: 3 },
);

interface LinkCase {
  alt: string;
  documentPath: string;
  imagePath: string;
}

/** A prompt, an image saved in an output folder, and a document beside, above or below it. */
const linkCase: fc.Arbitrary<LinkCase> = fc
  .record({
    alt: hostileText(),
    folder: outputFolder,
    documentFolder,
    inside: fc.boolean(),
    documentName: fc.constantFrom('README.md', 'a b.md', 'doc (1).py', 'x#y.ts'),
  })
  .map(({ alt, folder, documentFolder: docSegments, inside, documentName }) => {
    const imagePath = posix.join(WORKSPACE, folder, imageFileName(alt, 'png', NOW));
    const documentPath = posix.join(inside ? posix.dirname(imagePath) : WORKSPACE, ...docSegments, documentName);
    return { alt, documentPath, imagePath };
  });

/** The text as a saved file holds it: UTF-8 cannot store a lone surrogate, so it becomes U+FFFD, as in the editor. */
function saved(text: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(text));
}

/**
 * Where a renderer fetches `src` from, resolved against the document like a browser does; throws on a query or
 * fragment.
 */
function resolvedPath(src: string, documentPath: string): string {
  const url = new URL(src, pathToFileURL(documentPath));
  assert.equal(url.search, '', `src ${printable(src)} has a query`);
  assert.equal(url.hash, '', `src ${printable(src)} has a fragment`);
  return fileURLToPath(url);
}

/**
 * What the alt text must read as; inside a block comment a closer in it is broken by a space, so spaces are ignored.
 */
interface AltCheck {
  readonly ignoreSpaces?: boolean;
}

function sameAlt(actual: string, expected: string, check: AltCheck): boolean {
  return check.ignoreSpaces ? actual.replace(/ /g, '') === expected.replace(/ /g, '') : actual === expected;
}

/** The link parses as exactly one paragraph holding exactly one image, whose alt and src are the expected ones. */
function assertOneMarkdownImage(text: string, { alt, documentPath, imagePath }: LinkCase, check: AltCheck = {}): void {
  const tokens = markdown.parse(saved(text), {});
  assert.deepEqual(
    tokens.map((t) => t.type),
    ['paragraph_open', 'inline', 'paragraph_close'],
    `not one paragraph: ${printable(text)}`,
  );
  const children = tokens[1]?.children ?? [];
  assert.deepEqual(
    children.map((t) => t.type),
    ['image'],
    `not exactly one image: ${printable(text)} -> ${children.map((t) => t.type).join(',')}`,
  );
  const image = children[0];
  assert.ok(image);
  assert.deepEqual(
    (image.attrs ?? []).map(([name]) => name),
    ['src', 'alt'],
    `extra attributes (a title?): ${printable(image.attrs)}`,
  );
  assert.deepEqual(
    (image.children ?? []).map((t) => t.type).filter((type) => type !== 'text'),
    [],
    `markup inside the alt text: ${printable(text)}`,
  );
  const altText = (image.children ?? []).map((t) => t.content).join('');
  assert.ok(
    sameAlt(altText, saved(cleanAltText(alt)), check),
    `alt text changed to ${printable(altText)}: ${printable(text)}`,
  );
  assert.equal(
    resolvedPath(String(image.attrGet('src') ?? ''), documentPath),
    imagePath,
    `src points elsewhere: ${printable(text)}`,
  );
  // And the HTML a renderer makes from it is one <p> with one <img>: nothing executable, nothing clickable.
  const rendered = renderer.render(saved(text));
  const elements = parseFragment(rendered).childNodes.filter((node) => node.nodeName !== '#text');
  assert.deepEqual(
    elements.map((node) => node.nodeName),
    ['p'],
    `rendered ${printable(rendered)}`,
  );
  const paragraph = elements[0];
  assert.ok(paragraph && 'childNodes' in paragraph);
  assert.deepEqual(
    paragraph.childNodes.map((node) => node.nodeName),
    ['img'],
    `rendered ${printable(rendered)}`,
  );
  const img = paragraph.childNodes[0];
  assert.ok(img && 'attrs' in img);
  // Its alt is checked above: linkify leaves the backslash escapes inside a bare URL, which is only cosmetic.
  assert.deepEqual(
    img.attrs.map((attr) => attr.name),
    ['src', 'alt'],
    `rendered ${printable(rendered)}`,
  );
}

/** The tag parses as exactly one <img> element with exactly src and alt, as expected. */
function assertOneHtmlImage(text: string, { alt, documentPath, imagePath }: LinkCase, check: AltCheck = {}): void {
  const fragment = parseFragment(saved(text));
  assert.deepEqual(
    fragment.childNodes.map((node) => node.nodeName),
    ['img'],
    `not one <img>: ${printable(text)}`,
  );
  const img = fragment.childNodes[0];
  assert.ok(img && 'attrs' in img);
  assert.deepEqual(
    img.attrs.map((attr) => attr.name),
    ['src', 'alt'],
    `attributes of ${printable(text)}`,
  );
  const attribute = (name: string): string => img.attrs.find((attr) => attr.name === name)?.value ?? '';
  assert.ok(
    sameAlt(attribute('alt'), saved(cleanAltText(alt)), check),
    `alt text changed to ${printable(attribute('alt'))}: ${printable(text)}`,
  );
  assert.equal(resolvedPath(attribute('src'), documentPath), imagePath, `src points elsewhere: ${printable(text)}`);
}

describe('fuzz: prompts through inserted links (M2)', function () {
  this.timeout(120_000);

  it('the Markdown link is one image node with the expected src and alt, nothing else, for a CommonMark parser', async () => {
    await checkProperty(
      'markdownImageLink through markdown-it',
      fc.property(linkCase, (link) => {
        const text = markdownImageLink(link.alt, relativeImagePath(link.documentPath, link.imagePath));
        assert.doesNotMatch(text, LINE_TERMINATORS, `the link spans lines: ${printable(text)}`);
        assertOneMarkdownImage(text, link);
      }),
    );
  });

  it('the <img> tag is one element with exactly src and alt, as expected, for an HTML parser', async () => {
    await checkProperty(
      'htmlImageTag through parse5',
      fc.property(linkCase, (link) => {
        const text = htmlImageTag(link.alt, relativeImagePath(link.documentPath, link.imagePath));
        assert.doesNotMatch(text, LINE_TERMINATORS, `the tag spans lines: ${printable(text)}`);
        assertOneHtmlImage(text, link);
      }),
    );
  });

  const languages = [...commentLanguageIds(), 'unknown-language'];
  it('the inserted link line, in every comment syntax, stays one comment line that still names the image', async () => {
    const input = fc.record({
      link: linkCase,
      languageId: fc.constantFrom(...languages),
      linkStyle: fc.constantFrom('auto', 'markdown', 'html') as fc.Arbitrary<'auto' | 'markdown' | 'html'>,
      besideComment: fc.boolean(),
    });
    await checkProperty(
      'imageLinkText in every language',
      fc.property(input, ({ link, languageId, linkStyle, besideComment }) => {
        const text = imageLinkText({
          documentPath: link.documentPath,
          languageId,
          imagePath: link.imagePath,
          alt: link.alt,
          linkStyle,
          besideComment,
        });
        assert.doesNotMatch(text, LINE_TERMINATORS, `the line breaks in ${languageId}: ${printable(text)}`);
        const syntax = commentSyntaxFor(languageId);
        let inner = text;
        let check: AltCheck = {};
        if (syntax.line !== undefined && text.startsWith(`${syntax.line} `)) {
          inner = text.slice(syntax.line.length + 1);
        } else if (syntax.block !== undefined && text.startsWith(`${syntax.block[0]} `)) {
          const [open, close] = syntax.block;
          assert.ok(text.endsWith(` ${close}`), `the comment is not closed: ${printable(text)}`);
          inner = text.slice(open.length + 1, text.length - close.length - 1);
          check = { ignoreSpaces: true };
          for (const closer of REAL_CLOSERS[close] ?? [close]) {
            assert.ok(
              !`${inner} `.includes(closer) && !`${open} ${inner}`.slice(open.length).includes(closer),
              `${closer} ends the ${languageId} comment early: ${printable(text)}`,
            );
          }
          if (open === HTML_COMMENT_OPENER) {
            const nodes = parseFragment(saved(text)).childNodes;
            assert.deepEqual(
              nodes.map((node) => node.nodeName),
              ['#comment'],
              `not one HTML comment: ${printable(text)}`,
            );
          }
        }
        if (inner.startsWith('<img')) assertOneHtmlImage(inner, link, check);
        else assertOneMarkdownImage(inner, link, check);
        // The CodeLens reads the line back to offer Open and Regenerate: it must find the same image.
        const readBack = linkedImagePath(text, languageId);
        assert.ok(readBack !== undefined, `the link line is not read back: ${printable(text)}`);
        assert.equal(
          resolveLinkPath(link.documentPath, readBack),
          link.imagePath,
          `read back as another file: ${printable(text)}`,
        );
      }),
    );
  });

  it('commentLine keeps any text inside one comment line of the language', async () => {
    const input = fc.record({ text: hostileText(), languageId: fc.constantFrom(...languages) });
    await checkProperty(
      'commentLine of arbitrary text',
      fc.property(input, ({ text, languageId }) => {
        const line = commentLine(languageId, text);
        assert.doesNotMatch(line, LINE_TERMINATORS, `the line breaks in ${languageId}: ${printable(line)}`);
        const syntax = commentSyntaxFor(languageId);
        if (syntax.line !== undefined) {
          assert.ok(line.startsWith(`${syntax.line} `), `not a ${languageId} comment: ${printable(line)}`);
        } else if (syntax.block !== undefined && !['markdown'].includes(languageId)) {
          const [open, close] = syntax.block;
          assert.ok(
            line.startsWith(`${open} `) && line.endsWith(` ${close}`),
            `not a ${languageId} comment: ${printable(line)}`,
          );
          const body = line.slice(open.length, line.length - close.length);
          for (const closer of REAL_CLOSERS[close] ?? [close]) {
            assert.ok(!body.includes(closer), `${closer} ends the ${languageId} comment early: ${printable(line)}`);
          }
          if (open === HTML_COMMENT_OPENER) {
            const nodes = parseFragment(saved(line)).childNodes;
            assert.deepEqual(
              nodes.map((node) => node.nodeName),
              ['#comment'],
              `not one HTML comment: ${printable(line)}`,
            );
          }
        }
      }),
    );
  });
});
