import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot, testOutput } from '../host/paths';
import { zipEntries } from '../support/zipEntries';

describe('the packaged .vsix', function () {
  this.timeout(180_000);
  const vsix = path.join(testOutput, 'vsix', 'image-studio.vsix');
  let names: string[] = [];

  before(() => {
    rmSync(vsix, { force: true });
    mkdirSync(path.dirname(vsix), { recursive: true });
    // The same command `npm run package` runs, without flags that silence its secret scanner.
    execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, stdio: 'pipe' });
    names = zipEntries(readFileSync(vsix)).map((e) => e.name);
  });

  it('is under 2 MB', () => {
    assert.ok(statSync(vsix).size < 2 * 1024 * 1024, `${statSync(vsix).size} bytes`);
  });

  it('holds the bundle, webview assets, manifest and docs', () => {
    for (const expected of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/webview.js', 'extension/dist/webview.css', 'extension/dist/codicons/codicon.css', 'extension/README.md', 'extension/CHANGELOG.md', 'extension/LICENSE.txt', 'extension/media/icon.png']) {
      // vsce stores the readme and changelog under lower-case names.
      assert.ok(names.some((n) => n.toLowerCase() === expected.toLowerCase()), `${expected} missing; has ${names.join(', ')}`);
    }
  });

  it('leaves out sources, tests, node_modules, source maps, caches and the emulator', () => {
    const unwanted = names.filter((n) => /^extension\/(src|test|out|node_modules|coverage|\.vscode-test|test-output|docs|scripts)\//.test(n) || n.endsWith('.map') || /emulator/i.test(n) || /\.env$/.test(n));
    assert.deepEqual(unwanted, []);
  });
});
