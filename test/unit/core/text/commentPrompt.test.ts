import { strict as assert } from 'node:assert';
import {
  commentLanguageIds,
  commentLine,
  commentSyntaxFor,
  findImageComments,
  promptFromSelection,
  stripComment,
} from '../../../../src/core/text/commentPrompt';
import { ImageStudioError } from '../../../../src/core/errors';

describe('promptFromSelection', () => {
  const cases: [string, string, string][] = [
    ['typescript', '// a red fox', 'a red fox'],
    ['typescript', '  // image: a red fox\n  // in the snow', 'a red fox in the snow'],
    ['rust', '/// doc comment cat', 'doc comment cat'],
    ['rust', '//! crate cat', 'crate cat'],
    ['python', '# a cat\n# on a mat', 'a cat on a mat'],
    ['python', '"""\nA cat\non a mat\n"""', 'A cat on a mat'],
    ['python', "'''a dog'''", 'a dog'],
    ['sql', '-- IMAGE: a database', 'a database'],
    ['lisp', ';; a lambda', 'a lambda'],
    ['latex', '% a graph', 'a graph'],
    ['vb', "' a button", 'a button'],
    ['java', '/* a coffee cup */', 'a coffee cup'],
    ['java', '/**\n * A coffee cup\n * on a desk\n */', 'A coffee cup on a desk'],
    ['html', '<!-- image: a logo -->', 'a logo'],
    ['markdown', '<!--\n  a banner\n-->', 'a banner'],
    ['plaintext', 'just some words\nover lines', 'just some words over lines'],
    ['css', '/* Image:   a    gradient */', 'a gradient'],
    ['lua', '--[[ a moon ]]', 'a moon'],
    ['haskell', '{- a lambda -}', 'a lambda'],
    ['bat', 'REM a batch file', 'a batch file'],
  ];
  for (const [languageId, text, prompt] of cases) {
    it(`${languageId}: ${JSON.stringify(text)}`, () => {
      const result = promptFromSelection(text, languageId);
      assert.equal(result.prompt, prompt);
      assert.equal(result.wasComment, !(languageId === 'plaintext'));
    });
  }

  it('mixed code and comment lines are kept whole (not a comment)', () => {
    assert.deepEqual(promptFromSelection('// a cat\nconst x = 1;', 'typescript'), {
      prompt: '// a cat const x = 1;',
      wasComment: false,
    });
  });

  it('throws "The selection is empty" when nothing remains', () => {
    for (const empty of ['', '   ', '//', '/* */', '# image:', '<!-- -->', '"""\n"""']) {
      assert.throws(
        () => promptFromSelection(empty, 'typescript'),
        (err: unknown) => {
          assert.ok(err instanceof ImageStudioError);
          assert.equal(err.kind, 'invalid-option');
          assert.match(err.message, /The selection is empty/);
          return true;
        },
        JSON.stringify(empty),
      );
    }
  });
});

describe('commentSyntaxFor', () => {
  it('knows the common families', () => {
    for (const id of [
      'typescript',
      'javascript',
      'java',
      'c',
      'cpp',
      'csharp',
      'go',
      'rust',
      'swift',
      'kotlin',
      'php',
      'scss',
    ])
      assert.equal(commentSyntaxFor(id).line, '//', id);
    for (const id of [
      'python',
      'ruby',
      'shellscript',
      'yaml',
      'toml',
      'perl',
      'r',
      'dockerfile',
      'makefile',
      'powershell',
    ])
      assert.equal(commentSyntaxFor(id).line, '#', id);
    for (const id of ['sql', 'lua', 'haskell']) assert.equal(commentSyntaxFor(id).line, '--', id);
    for (const id of ['lisp', 'clojure', 'ini', 'asm']) assert.equal(commentSyntaxFor(id).line, ';', id);
    for (const id of ['latex', 'matlab', 'erlang']) assert.equal(commentSyntaxFor(id).line, '%', id);
    for (const id of ['html', 'xml', 'markdown', 'vue', 'svelte'])
      assert.deepEqual(commentSyntaxFor(id).block, ['<!--', '-->'], id);
    assert.deepEqual(commentSyntaxFor('css'), { block: ['/*', '*/'] });
    assert.deepEqual(commentSyntaxFor('no-such-language'), {});
  });
});

describe('commentLine', () => {
  it('wraps the text in the language comment', () => {
    assert.equal(commentLine('typescript', '![x](a.png)'), '// ![x](a.png)');
    assert.equal(commentLine('python', '![x](a.png)'), '# ![x](a.png)');
    assert.equal(commentLine('css', '![x](a.png)'), '/* ![x](a.png) */');
    assert.equal(commentLine('html', '![x](a.png)'), '<!-- ![x](a.png) -->');
    assert.equal(commentLine('markdown', '![x](a.png)'), '![x](a.png)');
    assert.equal(commentLine('unknown-lang', '![x](a.png)'), '![x](a.png)');
  });

  it('cannot be closed early by the text', () => {
    assert.equal(commentLine('css', '![a */ b](a.png)'), '/* ![a * / b](a.png) */');
    assert.equal(commentLine('html', 'a --> b'), '<!-- a -- > b -->');
    assert.equal(commentLine('typescript', 'a\nb'), '// a b');
  });

  // Found by the fuzz suite (test/unit/fuzz/links.test.ts), kept as plain examples.
  it('cannot start a new line for YAML 1.1 (NEL) or JavaScript (U+2028)', () => {
    assert.equal(commentLine('yaml', 'a\u0085b: 2'), '# a b: 2');
    assert.equal(commentLine('javascript', 'a\u2028alert(1)'), '// a alert(1)');
  });

  it("is not closed early by --!> in HTML or by */ inside MDX's {/* */}", () => {
    assert.equal(commentLine('vue', '--!>'), '<!-- --! > -->');
    assert.equal(commentLine('mdx', 'a */ b'), '{/* a * / b */}');
  });

  it('keeps runs of spaces, which may be part of a path in the link', () => {
    assert.equal(commentLine('typescript', '![x](<a  0/x.png>)'), '// ![x](<a  0/x.png>)');
  });
});

describe('findImageComments', () => {
  it('finds line comments starting with image:', () => {
    const text =
      'const a = 1;\n// image: a red fox\n  //   Image:   blue  sky\n' +
      '// not an image\nconst s = "// image: in a string";';
    assert.deepEqual(findImageComments(text, 'typescript'), [
      { line: 1, endLine: 1, prompt: 'a red fox' },
      { line: 2, endLine: 2, prompt: 'blue sky' },
    ]);
  });

  it('finds single- and multi-line block comments', () => {
    const text = '# Title\n<!-- image: a banner -->\n\n<!-- image: a cat\n     on a mat -->\n<!-- other -->';
    assert.deepEqual(findImageComments(text, 'markdown'), [
      { line: 1, endLine: 1, prompt: 'a banner' },
      { line: 3, endLine: 4, prompt: 'a cat on a mat' },
    ]);
  });

  it('JSDoc-style blocks', () => {
    assert.deepEqual(findImageComments('/**\n * x\n */\n/* image: a diagram\n * of the flow */', 'java'), [
      { line: 3, endLine: 4, prompt: 'a diagram of the flow' },
    ]);
  });

  it('ignores unclosed blocks and empty prompts; CRLF lines', () => {
    assert.deepEqual(findImageComments('<!-- image: never closed', 'html'), []);
    assert.deepEqual(findImageComments('# image:\r\n# image: ok\r\n', 'python'), [
      { line: 1, endLine: 1, prompt: 'ok' },
    ]);
  });

  it('unknown languages try // and # and both block styles', () => {
    assert.deepEqual(findImageComments('# image: a\n// image: b\n/* image: c */', 'whatever'), [
      { line: 0, endLine: 0, prompt: 'a' },
      { line: 1, endLine: 1, prompt: 'b' },
      { line: 2, endLine: 2, prompt: 'c' },
    ]);
  });

  it('Python docstrings, one line or several', () => {
    const text = 'def f():\n    """image: a snake\n    in the grass"""\n    """image: an egg"""\n    # image: a nest\n';
    assert.deepEqual(findImageComments(text, 'python'), [
      { line: 1, endLine: 2, prompt: 'a snake in the grass' },
      { line: 3, endLine: 3, prompt: 'an egg' },
      { line: 4, endLine: 4, prompt: 'a nest' },
    ]);
  });

  it('lines inside a block are not comments of their own', () => {
    assert.deepEqual(findImageComments('/* image: outer\n// image: inner */', 'typescript'), [
      { line: 0, endLine: 1, prompt: 'outer // image: inner' },
    ]);
  });

  it('SQL, Lua, Clojure and INI line comments', () => {
    assert.deepEqual(findImageComments('-- image: a table', 'sql'), [{ line: 0, endLine: 0, prompt: 'a table' }]);
    assert.deepEqual(findImageComments('x = 1\n-- image: a moon', 'lua'), [{ line: 1, endLine: 1, prompt: 'a moon' }]);
    assert.deepEqual(findImageComments(';; image: a lambda', 'clojure'), [{ line: 0, endLine: 0, prompt: 'a lambda' }]);
    assert.deepEqual(findImageComments('[a]\n; image: a gear', 'ini'), [{ line: 1, endLine: 1, prompt: 'a gear' }]);
  });
});

describe('stripComment', () => {
  it('returns the inside of one comment, or undefined for code', () => {
    assert.equal(stripComment('  // ![x](a.png)  ', 'typescript'), ' ![x](a.png)');
    assert.equal(stripComment('<!-- ![x](a.png) -->', 'html'), ' ![x](a.png) ');
    assert.equal(stripComment('"""a cat"""', 'python'), 'a cat');
    assert.equal(stripComment('const x = 1;', 'typescript'), undefined);
  });
});

describe('commentLanguageIds', () => {
  it('covers the common languages (the CodeLens selector) and each has a syntax', () => {
    const ids = commentLanguageIds();
    for (const id of [
      'typescript',
      'javascript',
      'python',
      'shellscript',
      'sql',
      'lua',
      'clojure',
      'ini',
      'html',
      'markdown',
      'plaintext',
    ])
      assert.ok(ids.includes(id), id);
    for (const id of ids.filter((i) => i !== 'plaintext')) assert.notDeepEqual(commentSyntaxFor(id), {}, id);
  });
});
