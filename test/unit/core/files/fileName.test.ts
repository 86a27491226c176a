import { strict as assert } from 'node:assert';
import { ImageStudioError } from '../../../../src/core/errors';
import { imageFileName, isSafeRelativeFolder, randomSuffix, slugFromPrompt } from '../../../../src/core/files/fileName';
import { seededString } from '../../../support/seededString';

const NOW = new Date(2026, 10, 30, 9, 5, 7); // local time
const NAME = /^\d{8}-\d{6}-[a-z0-9-]{1,40}-[0-9a-f]{4}\.(png|jpg|webp)$/;
const fixed = (): string => 'beef';

function randomString(seed: number, length: number): string {
  // Mix of ASCII, separators, controls, accents, RTL, emoji, surrogate halves.
  const pool = [
    'a',
    'Z',
    '9',
    ' ',
    '.',
    '..',
    '/',
    '\\',
    '\u0000',
    '\u202e',
    'é',
    'ß',
    'ﬁ',
    '日本',
    '😀',
    '\ud800',
    'CON',
    'nul',
    ':',
    '*',
    '?',
    '"',
    '<',
    '>',
    '|',
    '%2e',
    '-',
    '_',
    '\n',
    'مرحبا',
  ];
  return seededString(pool, seed, length);
}

describe('imageFileName', () => {
  it('builds <timestamp>-<slug>-<hex>.<ext>', () => {
    assert.equal(
      imageFileName('A red fox, in the snow!', 'png', NOW, fixed),
      '20261130-090507-a-red-fox-in-the-snow-beef.png',
    );
    assert.equal(imageFileName('x', 'jpeg', NOW, fixed), '20261130-090507-x-beef.jpg');
    assert.equal(imageFileName('x', 'webp', NOW, fixed), '20261130-090507-x-beef.webp');
  });

  it('transliterates accents and ligatures, drops other scripts', () => {
    assert.equal(slugFromPrompt('Café crème brûlée'), 'cafe-creme-brulee');
    assert.equal(slugFromPrompt('Straße Œuvre ﬁsh'), 'strasse-oeuvre-fish');
    assert.equal(slugFromPrompt('日本の猫'), 'image');
    assert.equal(slugFromPrompt('   '), 'image');
    assert.equal(slugFromPrompt(''), 'image');
  });

  it('keeps the slug at most 40 characters, cut at a word', () => {
    const slug = slugFromPrompt('a very long prompt about an astronaut riding a horse on the moon');
    assert.ok(slug.length <= 40);
    assert.equal(slug, 'a-very-long-prompt-about-an-astronaut');
    assert.equal(slugFromPrompt('x'.repeat(100)), 'x'.repeat(40));
  });

  it('F1: hostile prompts still give one safe component', () => {
    const hostile = [
      '../../etc/passwd',
      '..\\..\\windows',
      'a\u0000b',
      'CON',
      'nul.txt',
      '\u202eexe.png',
      'x'.repeat(10_000),
      '/',
      '.',
      '..',
      '%2e%2e%2f',
      '😀😀',
      'a/b\\c:d*e?f"g<h>i|j',
    ];
    for (const prompt of hostile) {
      const name = imageFileName(prompt, 'png', NOW, fixed);
      assert.match(name, NAME, name);
      assert.ok(!name.includes('..') && !name.includes('/') && !name.includes('\\') && !name.includes('\u0000'), name);
    }
    assert.equal(imageFileName('CON', 'png', NOW, fixed), '20261130-090507-con-beef.png');
  });

  it('F1: random prompts always match the pattern', () => {
    for (let seed = 1; seed <= 500; seed++) {
      for (const format of ['png', 'jpeg', 'webp'] as const) {
        const name = imageFileName(randomString(seed, seed % 200), format, NOW, () => randomSuffix());
        assert.match(name, NAME, JSON.stringify(name));
      }
    }
  });

  it('sanitises whatever the random source returns', () => {
    assert.match(
      imageFileName('x', 'png', NOW, () => '../Z'),
      /-0000\.png$/,
    );
    assert.match(
      imageFileName('x', 'png', NOW, () => 'ABCDEF12'),
      /-abcd\.png$/,
    );
    assert.match(
      imageFileName('x', 'png', NOW, () => ''),
      /-0000\.png$/,
    );
  });

  it('randomSuffix is four hex digits', () => {
    for (let i = 0; i < 50; i++) assert.match(randomSuffix(), /^[0-9a-f]{4}$/);
  });

  it('pads the timestamp', () => {
    assert.match(imageFileName('x', 'png', new Date(2027, 0, 2, 3, 4, 5), fixed), /^20270102-030405-/);
  });
});

describe('isSafeRelativeFolder', () => {
  function rejects(folder: string): void {
    assert.throws(
      () => isSafeRelativeFolder(folder),
      (err: unknown) => {
        assert.ok(err instanceof ImageStudioError);
        assert.equal(err.kind, 'invalid-option');
        assert.match(err.message, /^The output folder "/);
        assert.equal(err.reason.kind, 'output-folder-not-allowed');
        return true;
      },
      folder,
    );
  }

  it('F2: rejects traversal, absolute, drive, backslash and percent-escapes', () => {
    for (const bad of [
      '../x',
      '/etc',
      'a/../../b',
      'C:\\x',
      'C:/x',
      'c:x',
      '%2e%2e/x',
      'ignore\\..\\..',
      '..',
      'a/..',
      '\\\\server\\share',
      '~/x',
      '',
      '   ',
      'a\u0000b',
      'a\nb',
      'images/CON',
      'nul.png',
      'a/...',
      'a./b',
      'x:y',
    ]) {
      rejects(bad);
    }
  });

  // Found by the fuzz suite (test/unit/fuzz/links.test.ts): links to such folders broke or threw.
  it('rejects C1 controls, line separators and lone surrogates', () => {
    for (const bad of ['a\u0085b', 'a\u009b', 'a\u2028b', 'a\u2029b', '\ud800', 'x/\udfff']) rejects(bad);
    assert.equal(isSafeRelativeFolder('\ud83d\ude00'), '\ud83d\ude00');
  });

  it('rejects a name over 255 bytes and a path over 1000 characters, which file systems refuse unhelpfully', () => {
    for (const bad of [
      'x'.repeat(256),
      `a/${'\u00e9'.repeat(128)}`,
      Array.from({ length: 201 }, () => 'deep').join('/'),
    ])
      rejects(bad);
    assert.equal(isSafeRelativeFolder('x'.repeat(255)), 'x'.repeat(255));
    assert.equal(isSafeRelativeFolder(`a/${'\u00e9'.repeat(127)}`), `a/${'\u00e9'.repeat(127)}`);
  });

  it('normalises good folders to POSIX relative paths', () => {
    assert.equal(isSafeRelativeFolder('images'), 'images');
    assert.equal(isSafeRelativeFolder('./docs//img/'), 'docs/img');
    assert.equal(isSafeRelativeFolder(' assets/generated '), 'assets/generated');
    assert.equal(isSafeRelativeFolder('.'), '.');
    assert.equal(isSafeRelativeFolder('.images'), '.images');
    assert.equal(isSafeRelativeFolder('my images/2026'), 'my images/2026');
  });
});
