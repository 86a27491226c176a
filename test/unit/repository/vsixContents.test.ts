import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { packageVsix } from '../../support/packageVsix';
import { zipEntries } from '../../support/zipEntries';

describe('the packaged .vsix', function () {
  this.timeout(180_000);
  let vsix = '';
  let names: string[] = [];

  before(() => {
    vsix = packageVsix('image-studio');
    names = zipEntries(readFileSync(vsix)).map((e) => e.name);
  });

  it('is under 2 MB', () => {
    assert.ok(statSync(vsix).size < 2 * 1024 * 1024, `${statSync(vsix).size} bytes`);
  });

  it('holds the bundle, webview assets, manifest and docs', () => {
    for (const expected of [
      'extension/package.json',
      'extension/dist/extension.js',
      // The workbench and the SDK, which the thin activation bundle requires on first need.
      'extension/dist/workbench.js',
      'extension/dist/openai.js',
      // The MCP server Copy MCP Server Configuration starts with node.
      'extension/dist/cli.js',
      // The commands' bundle cli.js requires to run one (it answers --help alone).
      'extension/dist/cliCommands.js',
      'extension/dist/webview.js',
      'extension/dist/webview.css',
      'extension/dist/codicons/codicon.css',
      'extension/README.md',
      'extension/CHANGELOG.md',
      'extension/LICENSE.txt',
      'extension/media/icon.png',
    ]) {
      // vsce stores the readme and changelog under lower-case names.
      assert.ok(
        names.some((n) => n.toLowerCase() === expected.toLowerCase()),
        `${expected} missing; has ${names.join(', ')}`,
      );
    }
  });

  it('leaves out sources, tests, node_modules, source maps, caches and the emulator', () => {
    const unwanted = names.filter(
      (n) =>
        /^extension\/(src|test|out|node_modules|coverage|\.vscode-test|test-output|docs|scripts)\//.test(n) ||
        n.endsWith('.map') ||
        /emulator/i.test(n) ||
        /\.env$/.test(n),
    );
    assert.deepEqual(unwanted, []);
  });
});
