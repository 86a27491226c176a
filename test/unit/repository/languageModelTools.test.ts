import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { lmToolNames } from '../../../src/lmTools/toolNames';
import {
  editImageShape,
  estimateCostShape,
  generateImageShape,
  listImagesShape,
} from '../../../src/core/tools/toolInputs';
import { repoRoot } from '../../host/paths';

interface LanguageModelToolContribution {
  name: string;
  displayName: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  icon: string;
  userDescription: string;
  modelDescription: string;
  inputSchema: unknown;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  contributes: { languageModelTools: LanguageModelToolContribution[] };
};
const contributed = manifest.contributes.languageModelTools;

/** The JSON schema zod makes of a tool's input shape, as package.json must declare it. */
function jsonSchemaOf(shape: z.ZodRawShape): unknown {
  const schema: Record<string, unknown> = { ...z.toJSONSchema(z.object(shape)) };
  delete schema['$schema'];
  return schema;
}

describe('package.json languageModelTools', () => {
  it('contributes exactly the tools in toolNames.ts, each referable by a #name, with a codicon', () => {
    assert.deepEqual(contributed.map((tool) => tool.name).sort(), Object.values(lmToolNames).sort());
    assert.deepEqual(contributed.map((tool) => tool.toolReferenceName).sort(), [
      'editImage',
      'estimateImageCost',
      'generateImage',
      'listImages',
    ]);
    for (const tool of contributed) {
      assert.equal(tool.canBeReferencedInPrompt, true, tool.name);
      assert.match(tool.icon, /^\$\([a-z-]+\)$/, tool.name);
      assert.ok(tool.displayName.length > 0 && tool.userDescription.length > 0, tool.name);
      // The model chooses tools by this text: it says when to use the tool and what comes back.
      assert.match(tool.modelDescription, /Use it|Free|Returns/, tool.name);
      assert.ok(tool.modelDescription.length >= 150, tool.name);
    }
  });

  it('declares for each tool the input schema of the zod shape it parses its input with', () => {
    const shapes: Record<string, z.ZodRawShape> = {
      [lmToolNames.generateImage]: generateImageShape,
      [lmToolNames.editImage]: editImageShape,
      [lmToolNames.listImages]: listImagesShape,
      [lmToolNames.estimateCost]: estimateCostShape,
    };
    for (const tool of contributed) {
      const shape = shapes[tool.name];
      assert.ok(shape, tool.name);
      assert.deepEqual(tool.inputSchema, jsonSchemaOf(shape), `${tool.name}: regenerate its inputSchema from zod`);
    }
  });

  it('asks for VS Code 1.106 or later (LanguageModelDataPart), and types no newer API', () => {
    const minor = (version: string | undefined) => Number(/^[\^~]?1\.(\d+)/.exec(version ?? '')?.[1]);
    assert.ok(minor(manifest.engines.vscode) >= 106, manifest.engines.vscode);
    assert.ok(minor(manifest.devDependencies['@types/vscode']) <= minor(manifest.engines.vscode));
  });
});
