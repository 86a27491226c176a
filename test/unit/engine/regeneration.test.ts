import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ImageStudioError } from '../../../src/core/errors';
import { runImageJob } from '../../../src/core/imageGenerator';
import { parseImageRequest } from '../../../src/core/imageRequest';
import { MANIFEST_RELATIVE_PATH, readManifest } from '../../../src/core/manifest';
import { planRegeneration, regenerateImage } from '../../../src/core/regeneration';
import { solidImage } from '../storage/images';
import { useEngine } from './support';

describe('regenerating missing images', () => {
  const engine = useEngine();
  const location = () => ({ store: engine().deps.store, workspaceRoot: engine().workspace });
  const generate = async (prompt: string): Promise<string> => {
    const { deps, job } = engine();
    const result = await runImageJob(deps, job(parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt, size: '1024x1536', quality: 'low' })));
    return result.images[0]!.path;
  };

  it('plans only the missing images, with a cost estimate, and remakes each at its recorded path with its recorded request', async () => {
    const kept = await generate('a kept owl');
    const lost = await generate('a lost heron');
    rmSync(lost);
    const plan = await planRegeneration(location());
    assert.deepEqual(plan.items.map((i) => i.entry.prompt), ['a lost heron']);
    assert.ok(plan.estimateUsd > 0);
    const { deps, emulator, job } = engine();
    const before = emulator.requests.length;
    const outcome = await regenerateImage(deps, job(parseImageRequest({ kind: 'generate', model: 'x', prompt: 'unused' })), plan.items[0]!);
    assert.equal(outcome.kind, 'regenerated');
    assert.equal(emulator.requests.length, before + 1);
    const sent = emulator.requests.at(-1);
    assert.deepEqual([sent?.fields['prompt'], sent?.fields['size'], sent?.fields['n']], ['a lost heron', '1024x1536', 1]);
    assert.ok(readFileSync(lost).length > 0, 'the file is back at the same path');
    const { manifest } = await readManifest(location());
    assert.equal(manifest.images.length, 2, 'the entry was updated, not duplicated');
    assert.equal(manifest.images.find((e) => e.prompt === 'a lost heron')?.id, plan.items[0]!.entry.id);
    assert.ok(readFileSync(kept).length > 0);
    assert.deepEqual((await planRegeneration(location())).items, []);
  });

  it('after a clone (the git-ignored folder absent), recreates the folder with its .gitignore', async () => {
    const lost = await generate('a cloned kestrel');
    rmSync(path.dirname(lost), { recursive: true });
    const { deps, job } = engine();
    const plan = await planRegeneration(location());
    await regenerateImage(deps, job(parseImageRequest({ kind: 'generate', model: 'x', prompt: 'unused' })), plan.items[0]!);
    assert.ok(readFileSync(lost).length > 0);
    assert.equal(readFileSync(path.join(path.dirname(lost), '.gitignore'), 'utf8'), '*\n');
  });

  it('skips an image that reappeared before its turn, sending nothing and leaving the file as it is', async () => {
    const lost = await generate('a returning swallow');
    rmSync(lost);
    const plan = await planRegeneration(location());
    writeFileSync(lost, 'restored by hand');
    const { deps, emulator, job } = engine();
    const before = emulator.requests.length;
    const outcome = await regenerateImage(deps, job(parseImageRequest({ kind: 'generate', model: 'x', prompt: 'unused' })), plan.items[0]!);
    assert.equal(outcome.kind, 'skipped');
    assert.equal(emulator.requests.length, before);
    assert.equal(readFileSync(lost, 'utf8'), 'restored by hand');
  });

  it('never overwrites: a file that appears after the call keeps its bytes and the image gets a fresh name', async () => {
    const lost = await generate('a racing hare');
    rmSync(lost);
    const entry = (await planRegeneration(location())).items[0]!.entry;
    writeFileSync(lost, 'arrived meanwhile');
    const { deps, job } = engine();
    const result = await runImageJob(deps, job(parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt: 'a racing hare', size: '1024x1536', quality: 'low' }), { regenerate: { entryId: entry.id, file: entry.file } }));
    assert.equal(readFileSync(lost, 'utf8'), 'arrived meanwhile');
    assert.notEqual(result.images[0]?.path, lost);
    assert.equal(path.dirname(result.images[0]!.path), path.dirname(lost));
  });

  it('repeats an edit from its recorded input files, and reports edits and entries it cannot repeat', async () => {
    const { deps, emulator, workspace, job } = engine();
    mkdirSync(path.join(workspace, 'photos'));
    writeFileSync(path.join(workspace, 'photos', 'a.png'), await solidImage('png', { width: 64, height: 64 }));
    writeFileSync(path.join(workspace, 'photos', 'b.png'), await solidImage('png', { width: 64, height: 64 }));
    const editOf = (file: string, prompt: string) => job({ kind: 'edit', model: 'gpt-image-2', prompt, size: '1024x1024', quality: 'low', sources: { images: [file] } });
    const a = (await runImageJob(deps, editOf('photos/a.png', 'edit a'))).images[0]!.path;
    const b = (await runImageJob(deps, editOf('photos/b.png', 'edit b'))).images[0]!.path;
    rmSync(a);
    rmSync(b);
    rmSync(path.join(workspace, 'photos', 'b.png'));
    const plan = await planRegeneration(location());
    assert.deepEqual(plan.items.map((i) => i.entry.prompt), ['edit a']);
    assert.deepEqual(plan.unusable.map((u) => u.entry.prompt), ['edit b']);
    assert.match(plan.unusable[0]!.reason, /photos\/b\.png.*does not exist/);
    await regenerateImage(deps, editOf('photos/a.png', 'unused'), plan.items[0]!);
    assert.ok(readFileSync(a).length > 0);
    assert.deepEqual(emulator.requests.at(-1)?.files.map((f) => f.filename), ['a.png']);
  });

  it('refuses tampered manifest entries (bad options, odd file names) without sending anything', async () => {
    const lost = await generate('a tampered crane');
    rmSync(lost);
    const manifestFile = path.join(engine().workspace, MANIFEST_RELATIVE_PATH);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { images: { file: string; options: { quality: string } }[] };
    const original = manifest.images[0]!;
    manifest.images.push({ ...structuredClone(original), id: 'renamed', file: 'ignore/My Picture.png' } as typeof original);
    original.options.quality = 'ultra';
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const { emulator, deps, job } = engine();
    const before = emulator.requests.length;
    const plan = await planRegeneration(location());
    assert.deepEqual(plan.items, []);
    assert.deepEqual(plan.unusable.map((u) => u.reason.match(/quality "ultra"|not a file name Image Studio generates/)?.[0]), ['quality "ultra"', 'not a file name Image Studio generates']);
    await assert.rejects(
      runImageJob(deps, job(parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt: 'p' }), { regenerate: { entryId: 'renamed', file: 'ignore/My Picture.png' } })),
      (e: unknown) => e instanceof ImageStudioError && e.kind === 'invalid-option',
    );
    assert.equal(emulator.requests.length, before);
  });
});
