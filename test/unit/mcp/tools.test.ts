import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RunningEmulator } from '../../emulator';
import { repoRoot } from '../../host/paths';
import { readCliLedger, type Sandbox } from '../cli/support';
import { decode, halfMask, png } from '../emulator/support';
import { mcpSuite, textOf } from './support';

interface ManifestFile {
  readonly images: readonly {
    file: string;
    prompt: string;
    kind: string;
    inputFiles?: string[];
    maskFile?: string;
    agent?: unknown;
  }[];
}

interface LedgerLine {
  readonly kind: string;
  readonly images: number;
  readonly costUsd: number;
  readonly cached: boolean;
  readonly agent?: unknown;
}

function imagePart(result: CallToolResult): { data: string; mimeType: string } {
  const part = result.content.find((p) => p.type === 'image');
  assert.ok(part && part.type === 'image', JSON.stringify(result.content).slice(0, 500));
  return part;
}

describe('mcp: the four tools over stdio (the compiled CLI, the SDK client, the emulator)', function () {
  this.timeout(60_000);
  const suite = mcpSuite();
  let emu: RunningEmulator;
  let box: Sandbox;
  beforeEach(() => {
    emu = suite.emu();
    box = suite.box();
  });

  const manifest = (): ManifestFile =>
    JSON.parse(readFileSync(path.join(box.cwd, '.imagestudio', 'manifest.json'), 'utf8')) as ManifestFile;
  const ledger = (): LedgerLine[] => readCliLedger(box);

  it('lists generate_image, edit_image, list_images and estimate_cost with described input schemas', async () => {
    const session = await suite.connect();
    const { tools } = await session.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['edit_image', 'estimate_cost', 'generate_image', 'list_images']);
    const byName = new Map(tools.map((t) => [t.name, t]));
    const schema = (name: string) => byName.get(name)?.inputSchema;
    assert.deepEqual(schema('generate_image')?.required, ['prompt']);
    assert.deepEqual(Object.keys(schema('generate_image')?.properties ?? {}).sort(), [
      'background',
      'count',
      'document',
      'format',
      'model',
      'prompt',
      'quality',
      'size',
    ]);
    assert.deepEqual([...(schema('edit_image')?.required ?? [])].sort(), ['image', 'prompt']);
    assert.ok(
      'mask' in (schema('edit_image')?.properties ?? {}) && 'references' in (schema('edit_image')?.properties ?? {}),
    );
    for (const tool of tools) {
      assert.ok((tool.description ?? '').length > 40, tool.name);
      for (const [name, property] of Object.entries(tool.inputSchema.properties ?? {}))
        assert.ok(
          typeof (property as { description?: unknown }).description === 'string',
          `${tool.name}.${name} has no description`,
        );
    }
    assert.equal(byName.get('list_images')?.annotations?.readOnlyHint, true);
    const packageVersion = (
      JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
    ).version;
    assert.equal(session.client.getServerVersion()?.version, packageVersion);
    assert.deepEqual(emu.requests, []);
  });

  it('generate_image saves, records manifest and ledger, links relative to the document, shows a PNG', async () => {
    const session = await suite.connect();
    const result = await session.call('generate_image', {
      prompt: 'a red fox in the snow',
      quality: 'low',
      size: '1024x1024',
      document: 'docs/guide/page.md',
    });
    assert.notEqual(result.isError, true, textOf(result));
    const text = textOf(result);
    const saved = /^Saved: (ignore\/\d{8}-\d{6}-a-red-fox-in-the-snow-[0-9a-f]{4}\.png)$/m.exec(text)?.[1];
    assert.ok(saved, text);
    assert.match(text, new RegExp(`^Markdown link: !\\[a red fox in the snow\\]\\(\\.\\./\\.\\./${saved}\\)$`, 'm'));
    assert.match(text, /^The links are relative to docs\/guide\/page\.md\.$/m);
    assert.match(text, /^Cost: \$0\.\d{3} \(request req_[0-9a-f]+\)\.$/m);
    const image = imagePart(result);
    assert.equal(image.mimeType, 'image/png');
    // The model sees a smaller copy of the 1024x1024 file: 768 px a side, still a PNG.
    assert.equal(readFileSync(path.join(box.cwd, saved)).subarray(0, 4).toString('latin1'), '\x89PNG');
    const shown = await decode(image.data);
    assert.deepEqual([shown.format, shown.width, shown.height], ['png', 768, 768]);
    assert.deepEqual(
      manifest().images.map((i) => [i.file, i.prompt, i.kind]),
      [[saved, 'a red fox in the snow', 'generate']],
    );
    const [entry, ...more] = ledger();
    assert.deepEqual(more, []);
    assert.equal(entry?.images, 1);
    assert.equal(entry?.cached, false);
    assert.ok((entry?.costUsd ?? 0) > 0);
    // Marked as an agent's, with the tool and the client's name, for the panel's history and usage.
    const agent = { via: 'mcp', tool: 'generate_image', client: 'image-studio-test' };
    assert.deepEqual(manifest().images[0]?.agent, agent);
    assert.deepEqual(entry?.agent, agent);
    assert.deepEqual(
      emu.requests.map((r) => `${r.method} ${r.path} ${String(r.fields['quality'])} ${String(r.fields['size'])}`),
      ['POST /v1/images/generations low 1024x1024'],
    );
  });

  it('edit_image edits a workspace image with a mask and a reference, and records its inputs', async () => {
    mkdirSync(path.join(box.cwd, 'art'));
    writeFileSync(path.join(box.cwd, 'art', 'room.png'), await png(1024, 1024));
    writeFileSync(path.join(box.cwd, 'art', 'lamp.png'), await png(1024, 1024, '#cc9933'));
    writeFileSync(path.join(box.cwd, 'art', 'mask.png'), await halfMask(1024, 1024));
    const session = await suite.connect();
    const result = await session.call('edit_image', {
      image: 'art/room.png',
      references: ['art/lamp.png'],
      mask: path.join(box.cwd, 'art', 'mask.png'),
      prompt: 'put the lamp on the left',
      quality: 'low',
      size: '1024x1024',
      document: 'README.md',
    });
    assert.notEqual(result.isError, true, textOf(result));
    const saved = /^Saved: (ignore\/[^\n]+\.png)$/m.exec(textOf(result))?.[1];
    assert.ok(saved, textOf(result));
    assert.match(textOf(result), new RegExp(`^Markdown link: !\\[put the lamp on the left\\]\\(${saved}\\)$`, 'm'));
    assert.equal((await decode(imagePart(result).data)).format, 'png');
    const [entry] = manifest().images;
    assert.deepEqual(
      [entry?.file, entry?.kind, entry?.inputFiles, entry?.maskFile],
      [saved, 'edit', ['art/room.png', 'art/lamp.png'], 'art/mask.png'],
    );
    assert.deepEqual(
      ledger().map((l) => [l.kind, l.agent]),
      [['edit', { via: 'mcp', tool: 'edit_image', client: 'image-studio-test' }]],
    );
    assert.deepEqual(entry?.agent, { via: 'mcp', tool: 'edit_image', client: 'image-studio-test' });
    const [request] = emu.requests;
    assert.equal(request?.path, '/v1/images/edits');
    assert.deepEqual(request?.files.map((f) => f.field).sort(), ['image[]', 'image[]', 'mask']);
  });

  it('edit_image refuses an image outside the workspace, sending nothing', async () => {
    const session = await suite.connect();
    const result = await session.call('edit_image', { image: '../elsewhere.png', prompt: 'brighter' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /is not a file inside the workspace/);
    assert.deepEqual(emu.requests, []);
  });

  it('list_images lists newest first with paths and prompts, estimate_cost prices a request: no API call', async () => {
    const session = await suite.connect();
    const empty = await session.call('list_images', {});
    assert.match(textOf(empty), /^No images are recorded in \.imagestudio\/manifest\.json yet\.$/);
    for (const prompt of ['a first kite', 'a second kite'])
      assert.notEqual((await session.call('generate_image', { prompt, quality: 'low' })).isError, true);
    emu.requests.length = 0;
    const listed = textOf(await session.call('list_images', {}));
    const files = manifest().images.map((i) => i.file);
    assert.match(listed, /^2 images in \.imagestudio\/manifest\.json, newest first:\n/);
    const second = listed.indexOf(`- ${files[1]} (`);
    const first = listed.indexOf(`- ${files[0]} (`);
    assert.ok(second > 0 && first > second, listed);
    assert.match(listed, /\n {2}prompt: "a second kite"\n/);
    assert.match(textOf(await session.call('list_images', { limit: 1 })), /newest first \(the first 1\):\n- /);
    const estimate = textOf(
      await session.call('estimate_cost', { prompt: 'a third kite', quality: 'high', size: '1536x1024', count: 3 }),
    );
    assert.match(estimate, /^Estimated cost: up to \$0\.\d{3} for 3 images \(generate, gpt-image-2, size 1536x1024/);
    assert.match(estimate, /^Spent this month: \$0\.\d{3} \(no budget set\)\.$/m);
    assert.match(estimate, /the person will be asked before it is sent/);
    assert.deepEqual(emu.requests, []);
  });
});
