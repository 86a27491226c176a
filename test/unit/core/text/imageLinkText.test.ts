import { strict as assert } from 'node:assert';
import { imageLinkText } from '../../../../src/core/text/imageLinkText';

const base = {
  documentPath: '/ws/docs/guide.md',
  imagePath: '/ws/ignore/20261130-101500-a-red-fox-ab12.png',
  alt: 'a red fox',
  linkStyle: 'auto' as const,
};

describe('imageLinkText', () => {
  it('links from the document to the image with a relative POSIX path', () => {
    assert.equal(
      imageLinkText({ ...base, languageId: 'markdown' }),
      '![a red fox](../ignore/20261130-101500-a-red-fox-ab12.png)',
    );
  });

  it('uses an <img> tag in HTML and a comment in code', () => {
    assert.match(
      imageLinkText({ ...base, languageId: 'html', documentPath: '/ws/index.html' }),
      /^<img src="ignore\/20261130-101500-a-red-fox-ab12\.png" alt="a red fox" \/>$/,
    );
    assert.equal(
      imageLinkText({ ...base, languageId: 'python', documentPath: '/ws/src/app.py' }),
      '# ![a red fox](../ignore/20261130-101500-a-red-fox-ab12.png)',
    );
    assert.equal(
      imageLinkText({ ...base, languageId: 'typescript', documentPath: '/ws/src/app.ts' }),
      '// ![a red fox](../ignore/20261130-101500-a-red-fox-ab12.png)',
    );
  });

  it('follows an explicit link style', () => {
    assert.match(imageLinkText({ ...base, languageId: 'markdown', linkStyle: 'html' }), /^<img /);
    assert.match(
      imageLinkText({ ...base, languageId: 'html', documentPath: '/ws/a.html', linkStyle: 'markdown' }),
      /^!\[/,
    );
  });

  it('beside a comment: a comment in code and HTML, content in prose, Markdown for auto', () => {
    const img = '/ws/ignore/20261130-101500-a-red-fox-ab12.png';
    const beside = (languageId: string, documentPath: string, linkStyle: 'auto' | 'markdown' | 'html' = 'auto') =>
      imageLinkText({ ...base, imagePath: img, languageId, documentPath, linkStyle, besideComment: true });
    assert.equal(
      beside('typescript', '/ws/src/app.ts'),
      '// ![a red fox](../ignore/20261130-101500-a-red-fox-ab12.png)',
    );
    assert.equal(beside('python', '/ws/app.py'), '# ![a red fox](ignore/20261130-101500-a-red-fox-ab12.png)');
    assert.equal(beside('sql', '/ws/db/q.sql'), '-- ![a red fox](../ignore/20261130-101500-a-red-fox-ab12.png)');
    assert.equal(beside('ini', '/ws/a.ini'), '; ![a red fox](ignore/20261130-101500-a-red-fox-ab12.png)');
    assert.equal(
      beside('html', '/ws/site/index.html'),
      '<!-- ![a red fox](../ignore/20261130-101500-a-red-fox-ab12.png) -->',
    );
    assert.equal(
      beside('html', '/ws/index.html', 'html'),
      '<!-- <img src="ignore/20261130-101500-a-red-fox-ab12.png" alt="a red fox" /> -->',
    );
    assert.equal(beside('markdown', '/ws/docs/guide.md'), '![a red fox](../ignore/20261130-101500-a-red-fox-ab12.png)');
    assert.equal(beside('mdx', '/ws/docs/guide.mdx'), '![a red fox](../ignore/20261130-101500-a-red-fox-ab12.png)');
    assert.equal(beside('css', '/ws/a.css'), '/* ![a red fox](ignore/20261130-101500-a-red-fox-ab12.png) */');
  });
});
