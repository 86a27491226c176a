import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { repoRoot } from '../../host/paths';

/** Lints a snippet as if it lived at `relativePath`, with the project's own config. */
async function ruleIdsFor(relativePath: string, code: string): Promise<string[]> {
  const { ESLint } = await import('eslint');
  const { configs } = await import('typescript-eslint');
  // A snippet is in no tsconfig, so the type-aware rules cannot see it; the boundaries are syntax only.
  const eslint = new ESLint({ cwd: repoRoot, overrideConfig: [{ files: ['**/*.ts'], ...configs.disableTypeChecked }] });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, relativePath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint boundaries', function () {
  this.timeout(60_000);

  for (const file of [
    'src/core/fixtureBoundary.ts',
    'src/cli/fixtureBoundary.ts',
    'src/mcp/fixtureBoundary.ts',
    'src/vscode/errorWords.ts',
    'src/protocol/fixtureBoundary.ts',
    'src/facts/fixtureBoundary.ts',
    'media/fixtureBoundary.ts',
    'test/unit/fixtureBoundary.test.ts',
  ]) {
    it(`refuses a vscode import in ${path.dirname(file)}`, async () => {
      const messages = await ruleIdsFor(
        file,
        "import * as vscode from 'vscode';\nexport const version = vscode.version;\n",
      );
      assert.ok(
        messages.some((m) => m.startsWith('no-restricted-imports') && /free of VS Code/.test(m)),
        messages.join('\n'),
      );
    });
  }

  for (const code of [
    "import * as z from 'zod';\nexport const schema = z.string();\n",
    "import { redact } from './core/secrets/redact';\nexport { redact };\n",
    "import { startWorkbench } from './vscode/workbench';\nexport { startWorkbench };\n",
  ]) {
    it(`keeps the thin activation bundle thin: ${code.split('\n')[0] ?? ''}`, async () => {
      const messages = await ruleIdsFor('src/extension.ts', code);
      assert.ok(
        messages.some((m) => m.startsWith('@typescript-eslint/no-restricted-imports') && /thin activation/.test(m)),
        messages.join('\n'),
      );
    });
  }

  it('lets the thin activation bundle import a type across the seam, and the id lists', async () => {
    const code =
      "import type { Workbench } from './workbench';\nimport { commandIds } from '../commands/ids';\n" +
      'export type Seam = Workbench;\nexport const ids = commandIds;\n';
    const messages = await ruleIdsFor('src/vscode/lazyWorkbench.ts', code);
    assert.deepEqual(
      messages.filter((m) => m.includes('no-restricted-imports')),
      [],
    );
  });

  for (const file of ['src/protocol/fixtureBoundary.ts', 'media/fixtureBoundary.ts', 'src/facts/fixtureBoundary.ts']) {
    it(`refuses node: modules in ${path.dirname(file)}`, async () => {
      const messages = await ruleIdsFor(
        file,
        "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      );
      assert.ok(
        messages.some((m) => m.startsWith('no-restricted-imports') && /webview/.test(m)),
        messages.join('\n'),
      );
    });
  }

  it('keeps the engine folders in their layers: request imports no engine, the engine imports the rest', async () => {
    const upward = await ruleIdsFor(
      'src/core/request/fixtureBoundary.ts',
      "import { runImageJob } from '../engine/runImageJob';\nexport const run = runImageJob;\n",
    );
    assert.ok(
      upward.some((m) => m.startsWith('no-restricted-imports') && /sits below src\/core\/engine/.test(m)),
      upward.join('\n'),
    );
    const vscodeStillRefused = await ruleIdsFor(
      'src/core/files/fixtureBoundary.ts',
      "import * as vscode from 'vscode';\nexport const version = vscode.version;\n",
    );
    assert.ok(
      vscodeStillRefused.some((m) => /free of VS Code/.test(m)),
      vscodeStillRefused.join('\n'),
    );
    const downward = await ruleIdsFor(
      'src/core/engine/fixtureBoundary.ts',
      "import { describeModel } from '../request/models';\nexport const describe = describeModel;\n",
    );
    assert.deepEqual(downward, []);
  });

  it('keeps the panel protocol to zod, itself and the shared facts', async () => {
    const file = 'src/protocol/fixtureBoundary.ts';
    const engine = await ruleIdsFor(
      file,
      "import { describeModel } from '../core/request/models';\nexport { describeModel };\n",
    );
    assert.ok(
      engine.some((m) => m.startsWith('no-restricted-imports') && /src\/facts/.test(m)),
      engine.join('\n'),
    );
    const facts = "import { QUALITIES } from '../facts/imageOptions';\nimport { fixes } from './fixes';\n";
    assert.deepEqual(await ruleIdsFor(file, `${facts}export const both = [QUALITIES, fixes];\n`), []);
  });

  for (const code of [
    "import { ImageStudioError } from '../core/errors';\nexport { ImageStudioError };\n",
    "import { toFile } from 'openai';\nexport { toFile };\n",
  ]) {
    it(`lets src/facts import nothing but zod: ${code.split('\n')[0] ?? ''}`, async () => {
      const messages = await ruleIdsFor('src/facts/fixtureBoundary.ts', code);
      assert.ok(
        messages.some((m) => m.startsWith('no-restricted-imports') && /src\/facts holds plain data/.test(m)),
        messages.join('\n'),
      );
    });
  }

  it('lets the CLI use node:fs (it drives the engine on the local disk)', async () => {
    const messages = await ruleIdsFor(
      'src/cli/fixtureBoundary.ts',
      "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    );
    assert.deepEqual(messages, []);
  });

  it('lets the MCP server use node:fs and the MCP SDK (it serves the engine on the local disk)', async () => {
    const messages = await ruleIdsFor(
      'src/mcp/fixtureBoundary.ts',
      "import { readFileSync } from 'node:fs';\n" +
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n" +
        'export const read = [readFileSync, McpServer];\n',
    );
    assert.deepEqual(messages, []);
  });

  it('allows vscode in the adapters', async () => {
    const messages = await ruleIdsFor(
      'src/vscode/fixtureBoundary.ts',
      "import * as vscode from 'vscode';\nexport const version = vscode.version;\n",
    );
    assert.deepEqual(messages, []);
  });

  it('refuses innerHTML in the webview', async () => {
    const messages = await ruleIdsFor(
      'media/fixtureBoundary.ts',
      'export function show(el: HTMLElement, text: string): void { el.innerHTML = text; }\n',
    );
    assert.ok(
      messages.some((m) => m.startsWith('no-restricted-properties')),
      messages.join('\n'),
    );
  });

  for (const file of ['src/core/fixtureBoundary.ts', 'media/fixtureBoundary.ts']) {
    it(`asks for a namespace import of zod in ${path.dirname(file)}, so bundles stay small`, async () => {
      const named = await ruleIdsFor(file, "import { z } from 'zod';\nexport const schema = z.string();\n");
      assert.ok(
        named.some((m) => m.startsWith('no-restricted-syntax') && /import \* as z from 'zod'/.test(m)),
        named.join('\n'),
      );
      assert.deepEqual(await ruleIdsFor(file, "import * as z from 'zod';\nexport const schema = z.string();\n"), []);
    });
  }
});
