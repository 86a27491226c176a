import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ImageStudioError } from '../../../../src/core/errors';
import { runImageJob } from '../../../../src/core/engine/runImageJob';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { MANIFEST_RELATIVE_PATH, readManifest } from '../../../../src/core/files/manifest';
import { planRegeneration, regenerateImage } from '../../../../src/core/engine/regeneration';
import {
  confirmationDetail,
  SUMMARY_LIST_LIMIT,
  summarizeRegenerationPlan,
} from '../../../../src/core/engine/regenerationSummary';
import { solidImage } from '../../support/images';
import { useEngine } from './support';

describe('regenerating missing images', () => {
  const engine = useEngine();
  const location = () => ({ store: engine().deps.store, workspaceRoot: engine().workspace, outputFolder: 'ignore' });
  const generate = async (prompt: string): Promise<string> => {
    const { deps, job } = engine();
    const result = await runImageJob(
      deps,
      job(parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt, size: '1024x1536', quality: 'low' })),
    );
    return result.images[0]!.path;
  };

  it('plans only the missing images, with an estimate, and remakes each at its recorded path and request', async () => {
    const kept = await generate('a kept owl');
    const lost = await generate('a lost heron');
    rmSync(lost);
    const plan = await planRegeneration(location());
    assert.deepEqual(
      plan.items.map((i) => i.entry.prompt),
      ['a lost heron'],
    );
    assert.ok(plan.estimateUsd > 0);
    const { deps, emulator, job } = engine();
    const before = emulator.requests.length;
    const outcome = await regenerateImage(
      deps,
      job(parseImageRequest({ kind: 'generate', model: 'x', prompt: 'unused' })),
      plan.items[0]!,
    );
    assert.equal(outcome.kind, 'regenerated');
    assert.equal(emulator.requests.length, before + 1);
    const sent = emulator.requests.at(-1);
    assert.deepEqual(
      [sent?.fields['prompt'], sent?.fields['size'], sent?.fields['n']],
      ['a lost heron', '1024x1536', 1],
    );
    assert.ok(readFileSync(lost).length > 0, 'the file is back at the same path');
    const { manifest } = await readManifest(location());
    assert.equal(manifest.images.length, 2, 'the entry was updated, not duplicated');
    assert.equal(manifest.images.find((e) => e.prompt === 'a lost heron')?.id, plan.items[0]!.entry.id);
    assert.ok(readFileSync(kept).length > 0);
    assert.deepEqual((await planRegeneration(location())).items, []);
  });

  it('names a manifest it cannot read, and why, instead of saying no images are missing', async () => {
    const { workspace } = engine();
    mkdirSync(path.join(workspace, '.imagestudio'));
    writeFileSync(path.join(workspace, MANIFEST_RELATIVE_PATH), '{"version":1,"images":[\n<<<<<<< HEAD\n');
    await assert.rejects(planRegeneration(location()), (e: unknown) => {
      assert.ok(e instanceof ImageStudioError, String(e));
      assert.match(
        e.message,
        /^The image manifest .*\/\.imagestudio\/manifest\.json could not be read: it is not valid JSON/,
      );
      assert.match(e.message, /Nothing was regenerated: fix the file or move it away, then try again\.$/);
      return true;
    });
    assert.equal(readFileSync(path.join(workspace, MANIFEST_RELATIVE_PATH), 'utf8').includes('<<<<<<<'), true);
  });

  it('after a clone (the git-ignored folder absent), recreates the folder with its .gitignore', async () => {
    const lost = await generate('a cloned kestrel');
    rmSync(path.dirname(lost), { recursive: true });
    const { deps, job } = engine();
    const plan = await planRegeneration(location());
    await regenerateImage(
      deps,
      job(parseImageRequest({ kind: 'generate', model: 'x', prompt: 'unused' })),
      plan.items[0]!,
    );
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
    const outcome = await regenerateImage(
      deps,
      job(parseImageRequest({ kind: 'generate', model: 'x', prompt: 'unused' })),
      plan.items[0]!,
    );
    assert.equal(outcome.kind, 'skipped');
    assert.equal(emulator.requests.length, before);
    assert.equal(readFileSync(lost, 'utf8'), 'restored by hand');
  });

  it('never overwrites: a file that appears after the call keeps its bytes; the image gets a fresh name', async () => {
    const lost = await generate('a racing hare');
    rmSync(lost);
    const { entry, folder } = (await planRegeneration(location())).items[0]!;
    writeFileSync(lost, 'arrived meanwhile');
    const { deps, job } = engine();
    const result = await runImageJob(
      deps,
      job(
        parseImageRequest({
          kind: 'generate',
          model: 'gpt-image-2',
          prompt: 'a racing hare',
          size: '1024x1536',
          quality: 'low',
        }),
        { regenerate: { entryId: entry.id, file: entry.file, folder } },
      ),
    );
    assert.equal(readFileSync(lost, 'utf8'), 'arrived meanwhile');
    assert.notEqual(result.images[0]?.path, lost);
    assert.equal(path.dirname(result.images[0]!.path), path.dirname(lost));
  });

  it('repeats an edit from its recorded input files, and reports edits and entries it cannot repeat', async () => {
    const { deps, emulator, workspace, job } = engine();
    mkdirSync(path.join(workspace, 'photos'));
    writeFileSync(path.join(workspace, 'photos', 'a.png'), await solidImage('png', { width: 64, height: 64 }));
    writeFileSync(path.join(workspace, 'photos', 'b.png'), await solidImage('png', { width: 64, height: 64 }));
    const editOf = (file: string, prompt: string) =>
      job({
        kind: 'edit',
        model: 'gpt-image-2',
        prompt,
        size: '1024x1024',
        quality: 'low',
        sources: { images: [file] },
      });
    const a = (await runImageJob(deps, editOf('photos/a.png', 'edit a'))).images[0]!.path;
    const b = (await runImageJob(deps, editOf('photos/b.png', 'edit b'))).images[0]!.path;
    rmSync(a);
    rmSync(b);
    rmSync(path.join(workspace, 'photos', 'b.png'));
    const plan = await planRegeneration(location());
    assert.deepEqual(
      plan.items.map((i) => i.entry.prompt),
      ['edit a'],
    );
    assert.deepEqual(
      plan.unusable.map((u) => u.entry.prompt),
      ['edit b'],
    );
    assert.match(plan.unusable[0]!.reason, /photos\/b\.png.*does not exist/);
    await regenerateImage(deps, editOf('photos/a.png', 'unused'), plan.items[0]!);
    assert.ok(readFileSync(a).length > 0);
    assert.deepEqual(
      emulator.requests.at(-1)?.files.map((f) => f.filename),
      ['a.png'],
    );
  });

  it('refuses tampered manifest entries (bad options, odd file names) without sending anything', async () => {
    const lost = await generate('a tampered crane');
    rmSync(lost);
    const manifestFile = path.join(engine().workspace, MANIFEST_RELATIVE_PATH);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      images: { file: string; options: { quality: string } }[];
    };
    const original = manifest.images[0]!;
    manifest.images.push({
      ...structuredClone(original),
      id: 'renamed',
      file: 'ignore/My Picture.png',
    } as typeof original);
    original.options.quality = 'ultra';
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const { emulator, deps, job } = engine();
    const before = emulator.requests.length;
    const plan = await planRegeneration(location());
    assert.deepEqual(plan.items, []);
    assert.deepEqual(
      plan.unusable.map((u) => u.reason.match(/quality "ultra"|not a file name Image Studio generates/)?.[0]),
      ['quality "ultra"', 'not a file name Image Studio generates'],
    );
    await assert.rejects(
      runImageJob(
        deps,
        job(parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt: 'p' }), {
          regenerate: {
            entryId: 'renamed',
            file: 'ignore/My Picture.png',
            folder: { kind: 'output', folder: 'ignore' },
          },
        }),
      ),
      (e: unknown) => e instanceof ImageStudioError && e.kind === 'invalid-option',
    );
    assert.equal(emulator.requests.length, before);
  });
});

describe('Regenerate Missing writes only into the output folder or a folder it creates', () => {
  const engine = useEngine();
  const location = (outputFolder = 'ignore') => ({
    store: engine().deps.store,
    workspaceRoot: engine().workspace,
    outputFolder,
  });
  const unused = () => engine().job(parseImageRequest({ kind: 'generate', model: 'x', prompt: 'unused' }));

  /** A manifest as a repository could commit it: entries for `files`, none of which exist. */
  function commitManifest(files: readonly string[]): void {
    const { workspace } = engine();
    mkdirSync(path.join(workspace, '.imagestudio'), { recursive: true });
    writeFileSync(
      path.join(workspace, MANIFEST_RELATIVE_PATH),
      JSON.stringify({
        version: 1,
        images: files.map((file, i) => ({
          id: `committed-${i}`,
          file,
          prompt: `a committed bird ${i}`,
          model: 'gpt-image-2',
          kind: 'generate',
          options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
          requestHash: 'a'.repeat(64),
          createdAt: '2026-11-30T10:00:00.000Z',
        })),
      }),
    );
  }

  it('skips, saying why, an entry in an existing folder that is not the output one; adds no .gitignore', async () => {
    const { workspace, emulator } = engine();
    mkdirSync(path.join(workspace, 'docs'));
    writeFileSync(path.join(workspace, 'docs', 'guide.md'), '# mine\n');
    commitManifest(['docs/20261130-100000-a-hidden-owl-beef.png', 'ignore/20261130-100000-a-kept-owl-beef.png']);
    const plan = await planRegeneration(location());
    assert.deepEqual(
      plan.items.map((i) => [i.entry.file, i.folder.kind]),
      [['ignore/20261130-100000-a-kept-owl-beef.png', 'output']],
    );
    assert.deepEqual(
      plan.unusable.map((u) => u.entry.file),
      ['docs/20261130-100000-a-hidden-owl-beef.png'],
    );
    assert.match(
      plan.unusable[0]!.reason,
      /^docs already exists and is not the output folder "ignore"; .*set the output folder to "docs"/,
    );
    assert.deepEqual(
      plan.folders.map((f) => [f.kind, f.folder]),
      [['output', 'ignore']],
    );
    const { deps } = engine();
    for (const item of plan.items) await regenerateImage(deps, unused(), item);
    assert.deepEqual(
      readdirSync(path.join(workspace, 'docs')),
      ['guide.md'],
      'nothing written into docs, no .gitignore',
    );
    assert.equal(emulator.requests.length, 1);
  });

  it('creates a folder that does not exist yet, git-ignores it, and puts every image of the plan there', async () => {
    const { workspace, deps, emulator } = engine();
    commitManifest(['old-images/20261130-100000-a-new-wren-beef.png', 'old-images/20261130-100000-a-new-tit-cafe.png']);
    const plan = await planRegeneration(location());
    assert.deepEqual(
      plan.items.map((i) => i.folder.kind),
      ['new', 'new'],
    );
    assert.equal(plan.items[0]!.folder, plan.items[1]!.folder, 'one shared decision for the folder');
    assert.deepEqual(
      plan.folders.map((f) => f.folder),
      ['old-images'],
    );
    for (const item of plan.items) assert.equal((await regenerateImage(deps, unused(), item)).kind, 'regenerated');
    assert.equal(readFileSync(path.join(workspace, 'old-images', '.gitignore'), 'utf8'), '*\n');
    assert.deepEqual(readdirSync(path.join(workspace, 'old-images')).sort(), [
      '.gitignore',
      '20261130-100000-a-new-tit-cafe.png',
      '20261130-100000-a-new-wren-beef.png',
    ]);
    assert.equal(emulator.requests.length, 2);
  });

  it('skips, sending nothing, when the new folder appeared since planning, or the output folder changed', async () => {
    const { workspace, deps, emulator, job } = engine();
    commitManifest(['later/20261130-100000-a-late-lark-beef.png', 'ignore/20261130-100000-a-moved-lark-beef.png']);
    const plan = await planRegeneration(location());
    mkdirSync(path.join(workspace, 'later'));
    const late = await regenerateImage(deps, unused(), plan.items[0]!);
    assert.equal(late.kind, 'skipped');
    assert.match(late.kind === 'skipped' ? late.reason : '', /later already exists and is not the output folder/);
    const moved = await regenerateImage(
      deps,
      job(parseImageRequest({ kind: 'generate', model: 'x', prompt: 'unused' }), { outputFolder: 'assets' }),
      plan.items[1]!,
    );
    assert.match(
      moved.kind === 'skipped' ? moved.reason : '',
      /ignore is no longer the output folder \(now "assets"\)/,
    );
    assert.deepEqual(readdirSync(path.join(workspace, 'later')), [], 'no .gitignore dropped');
    assert.equal(emulator.requests.length, 0);
  });

  it('never writes inside .git, through a symlinked folder, or at the workspace folder itself', async () => {
    const { workspace, root } = engine();
    mkdirSync(path.join(root, 'outside'));
    symlinkSync(path.join(root, 'outside'), path.join(workspace, 'linked'));
    commitManifest([
      '.git/hooks-new/20261130-100000-a-git-rook-beef.png',
      'linked/20261130-100000-a-linked-rook-beef.png',
      '20261130-100000-a-root-rook-beef.png',
    ]);
    const plan = await planRegeneration(location());
    assert.deepEqual(plan.items, []);
    assert.deepEqual(
      plan.unusable
        .map((u) => u.reason.match(/never writes inside \.git|is a symbolic link|workspace folder itself/)?.[0])
        .sort(),
      ['is a symbolic link', 'never writes inside .git', 'workspace folder itself'],
    );
    assert.deepEqual(readdirSync(path.join(root, 'outside')), []);
  });

  it('refuses, before any request, a target not where its plan said or a new folder it did not create', async () => {
    const { workspace, deps, emulator, job } = engine();
    mkdirSync(path.join(workspace, 'docs'));
    const request = parseImageRequest({
      kind: 'generate',
      model: 'gpt-image-2',
      prompt: 'p',
      size: '1024x1024',
      quality: 'low',
    });
    const file = 'docs/20261130-100000-p-beef.png';
    await assert.rejects(
      runImageJob(
        deps,
        job(request, { regenerate: { entryId: 'x', file, folder: { kind: 'output', folder: 'ignore' } } }),
      ),
      /not in the folder planned for it/,
    );
    await assert.rejects(
      runImageJob(
        deps,
        job(request, {
          regenerate: { entryId: 'x', file, folder: { kind: 'new', folder: 'docs', claim: { created: false } } },
        }),
      ),
      /Nothing was sent: the image was not regenerated because docs already exists/,
    );
    assert.deepEqual(readdirSync(path.join(workspace, 'docs')), []);
    assert.equal(emulator.requests.length, 0);
  });

  it('lists, bounded, the folders it writes to and the entries it skips with why', async () => {
    const { workspace } = engine();
    mkdirSync(path.join(workspace, 'docs'));
    commitManifest([
      ...Array.from({ length: 14 }, (_, i) => `docs/20261130-100000-skipped-${i}-beef.png`),
      'ignore/20261130-100000-kept-beef.png',
      'fresh/20261130-100000-fresh-beef.png',
    ]);
    const plan = await planRegeneration(location());
    const summary = summarizeRegenerationPlan(plan);
    assert.deepEqual(summary.folders, {
      shown: ['ignore (the output folder)', 'fresh (new folder: created and git-ignored)'],
      more: 0,
    });
    assert.equal(summary.skipped.shown.length, SUMMARY_LIST_LIMIT);
    assert.equal(summary.skipped.more, 4);
    assert.match(
      summary.skipped.shown[0]!,
      /^docs\/20261130-100000-skipped-0-beef\.png: docs already exists and is not the output folder/,
    );
    const detail = confirmationDetail([{ name: 'ws', plan }]);
    assert.match(detail, /Writes to:\n• ignore \(the output folder\)\n• fresh \(new folder: created and git-ignored\)/);
    assert.match(
      detail,
      /Not regenerated \(14; the log lists them all\):\n• docs\/20261130-100000-skipped-0-beef\.png: /,
    );
    assert.match(detail, /\n• and 4 more$/);
    assert.match(
      confirmationDetail([
        { name: 'a', plan },
        { name: 'b', plan },
      ]),
      /• a\/ignore \(the output folder\)\n• a\/fresh .*\n• b\/ignore/,
    );
  });
});
