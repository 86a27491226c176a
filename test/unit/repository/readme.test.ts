import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMAND_HELPS } from '../../../src/cli/help/mainHelp';
import { repoRoot } from '../../host/paths';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: { commandPalette?: { command: string; when: string }[] };
    configuration: { properties: Record<string, unknown> };
  };
}

/** The README stays true: every command a person can run and every setting they can change is in it. */
describe('README', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

  it('documents every command in the palette by its title', () => {
    const hidden = new Set(
      (manifest.contributes.menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command),
    );
    const missing = manifest.contributes.commands
      .filter((c) => !hidden.has(c.command))
      .map((c) => `${c.category}: ${c.title}`)
      .filter((title) => !readme.includes(`| ${title} |`));
    assert.deepEqual(missing, []);
  });

  it('documents every setting in the settings table', () => {
    const missing = Object.keys(manifest.contributes.configuration.properties)
      .map((key) => key.replace(/^imageStudio\./, ''))
      .filter((key) => !readme.includes(`| \`${key}\` |`));
    assert.deepEqual(missing, []);
  });

  it('shows every CLI command in use', () => {
    const missing = COMMAND_HELPS.map((c) => `image-studio ${c.name}`).filter((usage) => !readme.includes(usage));
    assert.deepEqual(missing, []);
  });

  it('shows only screenshots that exist', () => {
    for (const [, file] of readme.matchAll(/!\[[^\]]*\]\((docs\/screenshots\/[^)]+)\)/g)) {
      assert.doesNotThrow(() => readFileSync(path.join(repoRoot, file!)), `${file} exists`);
    }
  });
});
