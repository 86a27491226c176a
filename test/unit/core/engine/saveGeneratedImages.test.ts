import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { saveGeneratedImages } from '../../../../src/core/engine/saveGeneratedImages';
import { ImageSaveError } from '../../../../src/core/files/saveImage';
import { createNodeFileStore } from '../../../../src/core/files/nodeFileStore';
import { encodePng } from '../../../../src/core/images/encodePng';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';

describe('saveGeneratedImages', () => {
  it('saves and lists the paid images after one that fails its check, and says where that one was kept', async () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'image-studio-save-')));
    const workspace = path.join(root, 'ws');
    const store = createNodeFileStore();
    await store.createDirectory(path.join(workspace, 'ignore'));
    const png = encodePng({ width: 2, height: 2, rgba: new Uint8Array(16).fill(255) });
    const notAnImage = new TextEncoder().encode('not an image at all');
    const saved: (readonly string[])[] = [];
    const attempt = saveGeneratedImages({
      store,
      workspaceRoot: workspace,
      folder: path.join(workspace, 'ignore'),
      recoveryFolder: path.join(root, 'recovered'),
      now: new Date('2026-12-04T05:00:00Z'),
      request: parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt: 'three boats', n: 3 }),
      images: [png, notAnImage, png],
      answered: {},
      cost: { usd: 0.03, inputTokens: 0, outputTokens: 0 },
      onSaved: (paths) => saved.push(paths),
    });
    await assert.rejects(attempt, (err: unknown) => err instanceof ImageSaveError && err.recoveredPath !== undefined);
    const images = readdirSync(path.join(workspace, 'ignore')).filter((name) => name.endsWith('.png'));
    assert.equal(images.length, 2, 'the first and the third image are saved');
    const manifest = readFileSync(path.join(workspace, '.imagestudio', 'manifest.json'), 'utf8');
    for (const name of images) assert.ok(manifest.includes(name), `${name} is listed`);
    assert.equal(readdirSync(path.join(root, 'recovered')).length, 1, 'the bad one is kept for recovery');
    assert.deepEqual(saved, [], 'a job that failed links nothing early');
  });
});
