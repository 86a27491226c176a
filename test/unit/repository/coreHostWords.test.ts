import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../host/paths';

interface Manifest {
  contributes: {
    commands: readonly { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, unknown> };
  };
}

function tsFilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the engine speaks no host words (issue 12)', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  const titles = manifest.contributes.commands.map((c) => `${c.category ?? 'Image Studio'}: ${c.title}`);
  const ids = [
    ...manifest.contributes.commands.map((c) => c.command),
    ...Object.keys(manifest.contributes.configuration.properties),
  ];
  const files = tsFilesUnder(path.join(repoRoot, 'src', 'core'));

  it('finds the engine, its command titles and its setting ids', () => {
    assert.ok(files.length > 40, `${files.length} files under src/core`);
    assert.ok(titles.includes('Image Studio: Set API Key'));
    assert.ok(ids.includes('imageStudio.outputFolder'));
  });

  it('names no VS Code command title, command id or setting id anywhere in src/core', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const relative = path.relative(repoRoot, file);
      for (const title of titles) if (text.includes(title)) found.push(`${relative}: “${title}”`);
      // Any id below the namespace, known or not: `imageStudio.` followed by a name.
      for (const match of text.matchAll(/\bimageStudio\.[A-Za-z]+/g)) found.push(`${relative}: ${match[0]}`);
    }
    assert.deepEqual(found, [], 'host words belong in src/vscode/errorWords.ts (VS Code) or src/cli/errorWords.ts');
    assert.ok(
      ids.every((id) => id.startsWith('imageStudio.')),
      'every id is caught by the pattern above',
    );
  });
});
