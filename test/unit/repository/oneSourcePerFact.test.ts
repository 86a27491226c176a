import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../host/paths';

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder)) {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (name.endsWith('.ts')) files.push(full);
  }
  return files;
}

/**
 * Each API fact as it is written where it is defined, and the one file allowed to write it. A second copy drifts
 * (two size patterns once disagreed; the quality list was in six places): import the fact instead.
 */
const FACTS: readonly { fact: string; written: RegExp; home: string }[] = [
  {
    fact: 'the qualities',
    written: /'low',\s*'medium'|'auto',\s*'low',\s*'medium'/,
    home: 'src/facts/imageOptions.ts',
  },
  {
    fact: 'the backgrounds',
    written: /'transparent',\s*'opaque'|'auto',\s*'opaque',\s*'transparent'\]\)/,
    home: 'src/facts/imageOptions.ts',
  },
  { fact: 'the output formats', written: /'png',\s*'jpeg'/, home: 'src/facts/imageOptions.ts' },
  { fact: 'the moderation values', written: /\['auto',\s*'low'\]/, home: 'src/facts/imageOptions.ts' },
  { fact: 'the input image types', written: /'image\/png',\s*'image\/jpeg'/, home: 'src/facts/imageOptions.ts' },
  { fact: 'the prompt cap', written: /\b32_000\b(?!_)/, home: 'src/facts/imageOptions.ts' },
  { fact: 'the size pattern', written: /\[1-9\]\\d\{1,4\}x/, home: 'src/facts/imageSizes.ts' },
  { fact: 'the 1.x sizes', written: /\['1024x1024',\s*'1536x1024',\s*'1024x1536'/, home: 'src/facts/imageSizes.ts' },
  { fact: 'the Azure API version', written: /\d{4}-\d\d-\d\d-preview/, home: 'src/facts/azure.ts' },
  { fact: 'the images response schema', written: /b64_json:\s*z\./, home: 'src/core/api/imagesResponse.ts' },
];

describe('one source per fact', () => {
  const files = ['src', 'media'].flatMap((folder) => sourceFiles(path.join(repoRoot, folder)));

  for (const { fact, written, home } of FACTS) {
    it(`writes ${fact} only in ${home}`, () => {
      const copies = files
        .map((file) => path.relative(repoRoot, file).split(path.sep).join('/'))
        .filter((file) => file !== home && written.test(readFileSync(path.join(repoRoot, file), 'utf8')));
      assert.deepEqual(copies, [], `${fact} is written again in ${copies.join(', ')}: import it from ${home}`);
      assert.match(readFileSync(path.join(repoRoot, home), 'utf8'), written, `${home} no longer defines ${fact}`);
    });
  }
});
