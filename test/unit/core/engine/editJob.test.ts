import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { ImageStudioError } from '../../../../src/core/errors';
import { runImageJob } from '../../../../src/core/engine/runImageJob';
import { inspectImage } from '../../../../src/core/request/imageBytes';
import type { EditOfFiles } from '../../../../src/core/engine/jobRequest';
import { readManifest } from '../../../../src/core/files/manifest';
import { solidImage } from '../../support/images';
import { useEngine } from './support';

/**
 * A PNG mask: transparent on the left half (what to change), opaque on the right; `channels: 3` has no alpha at all.
 */
async function mask(width: number, height: number, channels: 3 | 4 = 4): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * channels, 255);
  if (channels === 4)
    for (let y = 0; y < height; y++) for (let x = 0; x < width / 2; x++) raw[(y * width + x) * 4 + 3] = 0;
  return new Uint8Array(await sharp(raw, { raw: { width, height, channels } }).png().toBuffer());
}

const isImageError = (e: unknown): boolean => e instanceof ImageStudioError && e.kind === 'invalid-image';

describe('runImageJob: edits of workspace files', () => {
  const engine = useEngine();
  let photo: Uint8Array;

  const edit = (sources: EditOfFiles['sources'], prompt = 'paint the left half blue'): EditOfFiles => ({
    kind: 'edit',
    model: 'gpt-image-2',
    prompt,
    size: '1024x1024',
    quality: 'low',
    sources,
  });
  const put = (relative: string, bytes: Uint8Array): void => {
    const file = path.join(engine().workspace, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  };

  beforeEach(async () => {
    photo = await solidImage('png', { width: 64, height: 64 });
    put('photos/cat.png', photo);
  });

  it('uploads image and mask with their MIME types, saves a new file and leaves the original untouched', async () => {
    put('photos/mask.png', await mask(64, 64));
    const { deps, emulator, workspace, job } = engine();
    const result = await runImageJob(deps, job(edit({ images: ['photos/cat.png'], mask: 'photos/mask.png' })));
    const saved = result.images[0]!.path;
    assert.equal(path.dirname(saved), path.join(workspace, 'ignore'));
    assert.deepEqual(
      readFileSync(path.join(workspace, 'photos', 'cat.png')),
      Buffer.from(photo),
      'the original is byte-identical',
    );
    const info = inspectImage(readFileSync(saved));
    assert.deepEqual([info.format, info.width, info.height], ['png', 1024, 1024]);
    const sent = emulator.requests.find((r) => r.path.endsWith('/images/edits'));
    assert.deepEqual(
      sent?.files.map((f) => [f.field, f.filename, f.type]),
      [
        ['image', 'cat.png', 'image/png'],
        ['mask', 'mask.png', 'image/png'],
      ],
    );
    assert.equal(sent?.fields['prompt'], 'paint the left half blue');
    const { manifest } = await readManifest({ store: deps.store, workspaceRoot: workspace });
    assert.deepEqual(
      manifest.images.map((e) => [e.kind, e.inputFiles, e.maskFile]),
      [['edit', ['photos/cat.png'], 'photos/mask.png']],
    );
  });

  it('sends a file by what its bytes are, not its extension', async () => {
    put('photos/really-a-jpeg.png', await solidImage('jpeg', { width: 64, height: 64 }));
    const { deps, emulator, job } = engine();
    await runImageJob(deps, job(edit({ images: ['photos/really-a-jpeg.png'] })));
    assert.deepEqual(
      emulator.requests.at(-1)?.files.map((f) => f.type),
      ['image/jpeg'],
    );
  });

  it('refuses a mask of the wrong size or without alpha before any HTTP call or output folder is made', async () => {
    put('photos/small-mask.png', await mask(32, 32));
    put('photos/opaque-mask.png', await mask(64, 64, 3));
    const { deps, emulator, workspace, job } = engine();
    await assert.rejects(
      runImageJob(deps, job(edit({ images: ['photos/cat.png'], mask: 'photos/small-mask.png' }))),
      (e: unknown) => isImageError(e) && /mask is 32x32 but the first image is 64x64/.test((e as Error).message),
    );
    await assert.rejects(
      runImageJob(deps, job(edit({ images: ['photos/cat.png'], mask: 'photos/opaque-mask.png' }))),
      (e: unknown) => isImageError(e) && /mask must be a PNG with an alpha channel/.test((e as Error).message),
    );
    assert.deepEqual(emulator.requests, []);
    assert.equal(existsSync(path.join(workspace, 'ignore')), false);
  });

  it('serves an identical edit from the cache, and pays again once the input bytes change', async () => {
    const { deps, emulator, workspace, job } = engine();
    const first = await runImageJob(deps, job(edit({ images: ['photos/cat.png'] })));
    const again = await runImageJob(deps, job(edit({ images: ['photos/cat.png'] })));
    assert.equal(again.cached, true);
    assert.equal(again.images[0]?.path, first.images[0]?.path);
    assert.equal(emulator.requests.length, 1);
    writeFileSync(
      path.join(workspace, 'photos', 'cat.png'),
      await solidImage('png', { width: 64, height: 64, alpha: 0.5 }),
    );
    const changed = await runImageJob(deps, job(edit({ images: ['photos/cat.png'] })));
    assert.equal(changed.cached, false);
    assert.equal(emulator.requests.length, 2);
  });

  it('refuses an input missing, outside the workspace, behind a symlink or not an image; sends nothing', async () => {
    const { deps, emulator, root, workspace, job } = engine();
    writeFileSync(path.join(root, 'secret.png'), photo);
    symlinkSync(path.join(root, 'secret.png'), path.join(workspace, 'photos', 'link.png'));
    put('photos/notes.png', new TextEncoder().encode('not an image'));
    const cases: [string, RegExp][] = [
      ['photos/gone.png', /does not exist/],
      ['../secret.png', /not a file inside the workspace folder/],
      ['photos/link.png', /symbolic link/],
      ['photos/notes.png', /not a PNG, JPEG or WebP/],
    ];
    for (const [file, reason] of cases) {
      await assert.rejects(
        runImageJob(deps, job(edit({ images: [file] }))),
        (e: unknown) => isImageError(e) && reason.test((e as Error).message) && (e as Error).message.includes(file),
        file,
      );
    }
    assert.deepEqual(emulator.requests, []);
  });
});
