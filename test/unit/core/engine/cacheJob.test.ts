import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runImageJob, type ImageJob } from '../../../../src/core/engine/runImageJob';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { MANIFEST_RELATIVE_PATH } from '../../../../src/core/files/manifest';
import { requestHash } from '../../../../src/core/request/requestHash';
import { solidImage } from '../../support/images';
import { useEngine } from './support';

describe('runImageJob: the cache serves only images this installation saved', () => {
  const engine = useEngine();
  const request = (prompt: string) =>
    parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt, size: '1024x1024', quality: 'low' });
  const job = (prompt: string, extra: Partial<ImageJob> = {}): ImageJob => engine().job(request(prompt), extra);

  it('serves a real earlier save without a request, and keeps its index outside the workspace', async () => {
    const { deps, emulator, root, workspace } = engine();
    const first = await runImageJob(deps, job('a remembered otter'));
    const again = await runImageJob(deps, job('a remembered otter'));
    assert.equal(again.cached, true);
    assert.deepEqual(
      again.images.map((i) => [i.path, i.manifestId, i.sha256]),
      first.images.map((i) => [i.path, i.manifestId, i.sha256]),
    );
    assert.equal(emulator.requests.length, 1);
    assert.equal(
      readdirSync(path.join(root, 'private', 'cache')).length,
      1,
      'one index file for the workspace, in private storage',
    );
    assert.deepEqual(readdirSync(path.join(workspace, '.imagestudio')).sort(), ['.gitignore', 'manifest.json']);
  });

  it('pays for the request when a committed manifest forges an entry for it and plants a valid file', async () => {
    const { deps, emulator, workspace } = engine();
    const planted = 'ignore/20261130-100000-a-forged-badger-beef.png';
    mkdirSync(path.join(workspace, 'ignore'));
    writeFileSync(path.join(workspace, planted), await solidImage('png', { width: 1024, height: 1024 }));
    const forged = request('a forged badger');
    mkdirSync(path.join(workspace, '.imagestudio'));
    writeFileSync(
      path.join(workspace, MANIFEST_RELATIVE_PATH),
      JSON.stringify({
        version: 1,
        images: [
          {
            id: 'planted',
            file: planted,
            prompt: forged.prompt,
            model: forged.model,
            kind: 'generate',
            options: {
              size: forged.size,
              quality: forged.quality,
              background: forged.background,
              outputFormat: forged.outputFormat,
            },
            requestHash: requestHash(forged),
            createdAt: '2099-01-01T00:00:00.000Z',
          },
        ],
      }),
    );
    const result = await runImageJob(deps, job('a forged badger'));
    assert.equal(result.cached, false);
    assert.notEqual(result.images[0]?.path, path.join(workspace, planted));
    assert.equal(emulator.requests.length, 1, 'the request was sent and paid for');
  });

  it('pays again when the saved file was changed, even into another valid image', async () => {
    const { deps, emulator } = engine();
    const first = await runImageJob(deps, job('a swapped marten'));
    writeFileSync(first.images[0]!.path, await solidImage('png', { width: 1024, height: 1024 }));
    const again = await runImageJob(deps, job('a swapped marten'));
    assert.equal(again.cached, false);
    assert.equal(emulator.requests.length, 2);
  });

  it('pays again when the earlier image is outside the current output folder', async () => {
    const { deps, emulator } = engine();
    await runImageJob(deps, job('a moved mink', { outputFolder: 'old-images' }));
    const elsewhere = await runImageJob(deps, job('a moved mink', { outputFolder: 'images' }));
    assert.equal(elsewhere.cached, false);
    assert.equal(emulator.requests.length, 2);
    const back = await runImageJob(deps, job('a moved mink', { outputFolder: 'old-images' }));
    assert.equal(back.cached, true, 'still a hit in its own folder');
  });
});
