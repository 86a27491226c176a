import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../host/paths';

// A rule code as comments and test titles cite it: `(F3)`, `rules F4, F5`, `K5:`; never inside a quoted string.
const CITED_CODE = /(?<![\w'"`$:])([WKTFNMPS][1-9]\d?)(?![\w'"`])/g;
// A test named in SECURITY.md: a path in backticks, then its quoted titles (a trailing "…" shortens one).
const NAMED_TESTS = /`(test\/[^`]+\.ts)`((?:\s*"[^"]+",?)*)/g;

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder)) {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (/\.(ts|js|mjs)$/.test(name)) files.push(full);
  }
  return files;
}

/** SECURITY.md stays true: every rule the code cites is defined there, and every test it names exists. */
describe('SECURITY.md', () => {
  const security = readFileSync(path.join(repoRoot, 'SECURITY.md'), 'utf8');

  it('defines every rule code cited in the sources, the webview and the tests', () => {
    const files = ['src', 'media', 'test', 'scripts'].flatMap((folder) => sourceFiles(path.join(repoRoot, folder)));
    files.push(path.join(repoRoot, 'eslint.config.mjs'));
    const cited = new Map<string, string>();
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(CITED_CODE)) {
        const code = match[1] ?? '';
        if (!cited.has(code)) cited.set(code, path.relative(repoRoot, file));
      }
    }
    const undefinedCodes = [...cited].filter(
      ([code]) => !security.includes(`**${code} `) && !security.includes(`**${code}**`),
    );
    assert.deepEqual(undefinedCodes, [], 'cited in these files but not defined in SECURITY.md');
    assert.ok(cited.size >= 20, `found only ${cited.size} codes: the pattern no longer sees the citations`);
  });

  it('names only tests that exist, by file and title', () => {
    const missing: string[] = [];
    let named = 0;
    for (const [, file = '', titles = ''] of security.matchAll(NAMED_TESTS)) {
      const full = path.join(repoRoot, file);
      let source: string;
      try {
        source = readFileSync(full, 'utf8');
      } catch {
        missing.push(file);
        continue;
      }
      for (const [, title = ''] of titles.matchAll(/"([^"]+)"/g)) {
        named++;
        const start = title.split('…')[0]?.trimEnd() ?? '';
        if (!source.includes(start)) missing.push(`${file}: ${title}`);
      }
    }
    assert.deepEqual(missing, []);
    assert.ok(named >= 40, `found only ${named} named tests: the pattern no longer reads the tables`);
  });
});
