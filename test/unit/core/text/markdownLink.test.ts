import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import {
  cleanAltText,
  htmlImageTag,
  imageLinkFor,
  markdownImageLink,
  relativeImagePath,
} from '../../../../src/core/text/markdownLink';
import { seededString } from '../../../support/seededString';

/**
 * A tiny CommonMark subset parser for one inline image `![alt](dest)`: returns the unescaped alt and
 * destination, or undefined when the text is not exactly one image.
 */
function parseImage(text: string): { alt: string; src: string } | undefined {
  if (!text.startsWith('![')) return undefined;
  let i = 2;
  let alt = '';
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) {
      alt += text[i + 1];
      i++;
      continue;
    }
    if (c === '\n') return undefined;
    if (c === '[') {
      depth++;
      alt += c;
      continue;
    }
    if (c === ']') {
      if (depth === 0) break;
      depth--;
      alt += c;
      continue;
    }
    alt += c;
  }
  if (text[i] !== ']' || text[i + 1] !== '(') return undefined;
  i += 2;
  let src = '';
  if (text[i] === '<') {
    for (i++; i < text.length; i++) {
      const c = text[i] ?? '';
      if (c === '\\' && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) {
        src += text[i + 1];
        i++;
        continue;
      }
      if (c === '<' || c === '\n') return undefined;
      if (c === '>') break;
      src += c;
    }
    if (text[i] !== '>') return undefined;
    i++;
  } else {
    let parens = 0;
    for (; i < text.length; i++) {
      const c = text[i] ?? '';
      if (c === '\\' && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) {
        src += text[i + 1];
        i++;
        continue;
      }
      if (/\s/.test(c) || c.charCodeAt(0) < 0x20) return undefined;
      if (c === '(') parens++;
      if (c === ')') {
        if (parens === 0) break;
        parens--;
      }
      src += c;
    }
  }
  if (text[i] !== ')' || i !== text.length - 1) return undefined;
  return { alt, src };
}

function randomText(seed: number, length: number): string {
  const pool = [
    'a',
    ' ',
    '[',
    ']',
    '\\',
    '(',
    ')',
    '<',
    '>',
    '*',
    '_',
    '`',
    '!',
    '&amp;',
    '\n',
    '\r\n',
    '\t',
    'é',
    '😀',
    '"',
    "'",
    '#',
    '|',
    '~',
    'x y',
  ];
  return seededString(pool, seed, length);
}

describe('relativeImagePath', () => {
  it('same folder, child, sibling and parent folders', () => {
    assert.equal(relativeImagePath('/w/docs/readme.md', '/w/docs/cat.png'), 'cat.png');
    assert.equal(relativeImagePath('/w/docs/readme.md', '/w/docs/images/cat.png'), 'images/cat.png');
    assert.equal(relativeImagePath('/w/docs/readme.md', '/w/assets/cat.png'), '../assets/cat.png');
    assert.equal(relativeImagePath('/w/docs/deep/readme.md', '/w/cat.png'), '../../cat.png');
    assert.equal(relativeImagePath('/readme.md', '/images/cat.png'), 'images/cat.png');
  });

  it('handles URI paths with drive letters in either case', () => {
    assert.equal(relativeImagePath('/c:/w/docs/readme.md', '/C:/w/images/cat.png'), '../images/cat.png');
    assert.equal(relativeImagePath('c:/w/readme.md', '/c:/w/images/cat.png'), 'images/cat.png');
    assert.equal(relativeImagePath('/c:/w/readme.md', '/d:/images/cat.png'), '/d:/images/cat.png');
  });
});

describe('markdownImageLink', () => {
  it('plain link', () => {
    assert.equal(markdownImageLink('A red fox', 'images/fox.png'), '![A red fox](images/fox.png)');
  });

  it('M2: escapes brackets and backslashes in alt, collapses newlines', () => {
    assert.equal(markdownImageLink('a [b] \\ c\nd', 'x.png'), '![a \\[b\\] \\\\ c d](x.png)');
  });

  it('M2: angle brackets for spaces and parentheses, escaping < and > inside', () => {
    assert.equal(markdownImageLink('x', 'my images/cat.png'), '![x](<my images/cat.png>)');
    assert.equal(markdownImageLink('x', 'a(1)/cat.png'), '![x](<a(1)/cat.png>)');
    assert.equal(markdownImageLink('x', 'a <b>/c.png'), '![x](<a \\<b\\>/c.png>)');
  });

  // Found by the fuzz suite (test/unit/fuzz/links.test.ts), kept as plain examples.
  it('percent-encodes # in the path, which would otherwise start a URL fragment', () => {
    assert.equal(markdownImageLink('x', '#/a.png'), '![x](%23/a.png)');
    assert.equal(markdownImageLink('x', '&#93;/a.png'), '![x](\\&%2393;/a.png)');
    assert.equal(markdownImageLink('x', 'a #1/a.png'), '![x](<a %231/a.png>)');
  });

  it('turns control characters in the alt text into spaces (NUL makes git see a binary file, NEL breaks YAML)', () => {
    assert.equal(cleanAltText('a\u0000b\u0085c\u001b[31md\u007f'), 'a b c [31md');
    assert.equal(markdownImageLink('\u0000', 'a.png'), '![](a.png)');
  });

  it('trims long alt text to about 100 characters', () => {
    const alt = cleanAltText('word '.repeat(60));
    assert.ok(alt.length <= 101);
    assert.ok(alt.endsWith('…'));
  });

  it('M2: random alt and path text always parse as one image with the expected alt and src', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const alt = randomText(seed, seed % 40);
      const path = randomText(seed * 7 + 3, 1 + (seed % 20)).replace(/\r?\n/g, '');
      const link = markdownImageLink(alt, path);
      const parsed = parseImage(link);
      assert.ok(parsed, `not one image: ${JSON.stringify(link)}`);
      assert.equal(parsed.alt, cleanAltText(alt), JSON.stringify(link));
      // Tabs and `#` (which would start a URL fragment) are percent-encoded, like edge spaces.
      const expectedSrc = path
        .replace(/\t/g, '%09')
        .replace(/#/g, '%23')
        .replace(/^ +| +$/g, (spaces) => '%20'.repeat(spaces.length));
      assert.equal(parsed.src, expectedSrc, JSON.stringify(link));
    }
  });
});

describe('htmlImageTag', () => {
  it('encodes the path and escapes attributes', () => {
    assert.equal(
      htmlImageTag('a "quoted" <b> & c', 'my images/cat.png'),
      '<img src="my%20images/cat.png" alt="a &#34;quoted&#34; &#60;b&#62; &#38; c" />',
    );
    assert.equal(htmlImageTag('x', '../a/b.png'), '<img src="../a/b.png" alt="x" />');
  });

  it('random alt text never breaks out of the attribute', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const tag = htmlImageTag(randomText(seed, 30), randomText(seed + 1, 10));
      assert.match(tag, /^<img src="[^"<>]*" alt="[^"<>]*" \/>$/, tag);
    }
  });
});

describe('imageLinkFor', () => {
  it('markdown for prose, html for html-like, commented markdown otherwise', () => {
    assert.deepEqual(imageLinkFor('markdown', 'x', 'a.png'), {
      form: 'markdown',
      text: '![x](a.png)',
      needsComment: false,
    });
    assert.equal(imageLinkFor('plaintext', 'x', 'a.png').needsComment, false);
    for (const id of ['html', 'vue', 'svelte', 'typescriptreact', 'javascriptreact']) {
      assert.deepEqual(
        imageLinkFor(id, 'x', 'a.png'),
        { form: 'html', text: '<img src="a.png" alt="x" />', needsComment: false },
        id,
      );
    }
    assert.deepEqual(imageLinkFor('python', 'x', 'a.png'), {
      form: 'markdown',
      text: '![x](a.png)',
      needsComment: true,
    });
  });
});

describe('markdownImageLink against a real CommonMark parser', () => {
  const md = new MarkdownIt('commonmark');

  it('M2: each link is exactly one image node with the expected src and alt', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const alt = randomText(seed, seed % 30);
      const path = `${randomText(seed * 3 + 1, 1 + (seed % 12)).replace(/[\r\n\t]/g, '')}.png`;
      const link = markdownImageLink(alt, path);
      const children = md.parseInline(link, {})[0]?.children ?? [];
      assert.equal(children.length, 1, JSON.stringify(link));
      const image = children[0];
      assert.equal(image?.type, 'image', JSON.stringify(link));
      // markdown-it percent-encodes the destination it normalises; decode to compare (`#` included, so not decodeURI).
      assert.equal(decodeURIComponent(String(image?.attrGet('src') ?? '')), path, JSON.stringify(link));
      // The alt attribute is the plain text of the image's children (as markdown-it renders it).
      const altText = (image?.children ?? [])
        .map((child) => (child.type === 'text' || child.type === 'text_special' ? child.content : `<${child.type}>`))
        .join('');
      assert.equal(altText, cleanAltText(alt), JSON.stringify(link));
    }
  });
});
