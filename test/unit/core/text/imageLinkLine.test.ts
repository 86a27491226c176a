import { strict as assert } from 'node:assert';
import { findLinkedImageComments, linkedImagePath, resolveLinkPath } from '../../../../src/core/text/imageLinkLine';
import { imageLinkText } from '../../../../src/core/text/imageLinkText';
import { relativeImagePath } from '../../../../src/core/text/markdownLink';
import { seededString } from '../../../support/seededString';

describe('linkedImagePath', () => {
  it('reads the path of a line that is only an image link, bare or in a comment', () => {
    assert.equal(linkedImagePath('// ![a fox](../ignore/a.png)', 'typescript'), '../ignore/a.png');
    assert.equal(linkedImagePath('    # ![a fox](ignore/a.png)', 'python'), 'ignore/a.png');
    assert.equal(linkedImagePath('-- ![a fox](a.png)', 'sql'), 'a.png');
    assert.equal(linkedImagePath('<!-- ![a fox](../ignore/a.png) -->', 'html'), '../ignore/a.png');
    assert.equal(linkedImagePath('<img src="ignore/a%20b.png" alt="x" />', 'html'), 'ignore/a b.png');
    assert.equal(linkedImagePath('![a \\[fox\\]](<my images/a (1).png>)', 'markdown'), 'my images/a (1).png');
    // Entities (named, decimal, hex) in a hand-written <img>; a lone `%` is literal.
    assert.equal(
      linkedImagePath('<img alt="x" src="a&amp;b&#32;&#x41;&unknown;%zz.png">', 'html'),
      'a&b A&unknown;%zz.png',
    );
    // markdownImageLink percent-encodes `#` (a URL fragment otherwise).
    assert.equal(linkedImagePath('// ![x](%23/a.png)', 'typescript'), '#/a.png');
  });

  it('ignores lines with anything else on them, and links that are not images', () => {
    assert.equal(linkedImagePath('const x = 1; // ![a](a.png)', 'typescript'), undefined);
    assert.equal(linkedImagePath('// see ![a](a.png) here', 'typescript'), undefined);
    assert.equal(linkedImagePath('// [a](a.png)', 'typescript'), undefined);
    assert.equal(linkedImagePath('// image: a fox', 'typescript'), undefined);
    assert.equal(linkedImagePath('// ![a]()', 'typescript'), undefined);
    assert.equal(linkedImagePath('', 'typescript'), undefined);
  });

  it('reads back exactly what imageLinkText wrote, for any folder name and language', () => {
    const languages = ['typescript', 'python', 'sql', 'ini', 'html', 'markdown', 'lua', 'shellscript', 'css'];
    // Folder names with what a link must escape: spaces, brackets, parentheses, angle brackets, `&`, `%`, `*`,
    // non-ASCII (a comment closer such as `*/` is broken apart by commentLine, so it cannot round-trip).
    const pool = [
      'a',
      'b',
      ' ',
      '(',
      ')',
      '[',
      ']',
      '<',
      '>',
      '&',
      '%',
      '%20',
      '*',
      '--',
      '\\',
      '_',
      '`',
      'é',
      '图',
      '#',
      ';',
      '"',
      "'",
    ];
    const names = Array.from({ length: 150 }, (_, seed) => seededString(pool, seed + 1, 1 + (seed % 9)).trim()).filter(
      (s) => s !== '' && s !== '.' && s !== '..',
    );
    for (const [index, name] of names.entries()) {
      const languageId = languages[index % languages.length]!;
      for (const linkStyle of ['auto', 'markdown', 'html'] as const) {
        const imagePath = `/ws/${name}/20261130-101500-a-fox-ab12.png`;
        const documentPath = '/ws/src/doc.txt';
        const line = imageLinkText({ documentPath, languageId, imagePath, alt: name, linkStyle, besideComment: true });
        const read = linkedImagePath(line, languageId);
        assert.equal(
          read,
          relativeImagePath(documentPath, imagePath),
          `${languageId} ${linkStyle}: ${JSON.stringify(line)}`,
        );
        assert.equal(resolveLinkPath(documentPath, read), imagePath);
      }
    }
  });
});

describe('resolveLinkPath', () => {
  it('resolves relative links against the document folder and keeps absolute ones', () => {
    assert.equal(resolveLinkPath('/ws/docs/a.md', '../ignore/x.png'), '/ws/ignore/x.png');
    assert.equal(resolveLinkPath('/ws/a.md', 'ignore/x.png'), '/ws/ignore/x.png');
    assert.equal(resolveLinkPath('/c:/ws/a.md', '/d:/img/x.png'), '/d:/img/x.png');
  });
});

describe('findLinkedImageComments', () => {
  it('pairs each image: comment with the link on the line after it', () => {
    const text = [
      '// image: a fox',
      '// ![a fox](../ignore/fox.png)',
      '/**',
      ' * image: a hen',
      ' */',
      '// image: an owl',
      'const x = 1;',
      '/* image: a cat */',
    ].join('\n');
    assert.deepEqual(findLinkedImageComments(text, 'typescript', '/ws/src/a.ts'), [
      { line: 0, endLine: 0, prompt: 'a fox', link: { line: 1, imagePath: '/ws/ignore/fox.png' } },
      { line: 2, endLine: 4, prompt: 'a hen' },
      { line: 5, endLine: 5, prompt: 'an owl' },
      { line: 7, endLine: 7, prompt: 'a cat' },
    ]);
  });
});
