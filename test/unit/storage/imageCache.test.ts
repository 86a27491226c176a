import { strict as assert } from 'node:assert';
import { findCachedImage } from '../../../src/core/imageCache';
import { type ImageRequest, type ImageRequestInput, parseImageRequest } from '../../../src/core/imageRequest';
import { appendManifestEntry, type ManifestEntry, readManifest } from '../../../src/core/manifest';
import { MemoryFileStore } from '../../../src/core/memoryFileStore';
import { requestHash } from '../../../src/core/requestHash';
import { solidImage } from './images';

const ROOT = '/ws';
const NOW = new Date(Date.UTC(2026, 10, 30, 9, 5, 7));
const TODAY = new Date(Date.UTC(2026, 10, 15));

function generate(overrides: Partial<Extract<ImageRequestInput, { kind: 'generate' }>> = {}): ImageRequest {
  return parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt: 'a red fox', size: '1024x1024', quality: 'low', ...overrides }, TODAY);
}

function edit(imageBytes: Uint8Array, maskBytes?: Uint8Array): ImageRequest {
  return parseImageRequest({
    kind: 'edit',
    model: 'gpt-image-2',
    prompt: 'add a hat',
    images: [{ name: 'in.png', mimeType: 'image/png', bytes: imageBytes }],
    ...(maskBytes ? { mask: { name: 'mask.png', mimeType: 'image/png', bytes: maskBytes } } : {}),
  }, TODAY);
}

function entryFor(request: ImageRequest, overrides: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    id: 'e1',
    file: 'ignore/fox.png',
    prompt: request.prompt,
    model: request.model,
    kind: request.kind,
    options: { size: request.size, quality: request.quality, background: request.background, outputFormat: request.outputFormat },
    requestHash: requestHash(request),
    createdAt: NOW.toISOString(),
    ...overrides,
  };
}

describe('requestHash', () => {
  it('is stable and ignores how the answer is delivered', () => {
    assert.match(requestHash(generate()), /^[0-9a-f]{64}$/);
    assert.equal(requestHash(generate()), requestHash(generate()));
    assert.equal(requestHash(generate()), requestHash(generate({ stream: true, partialImages: 2, user: 'someone' })));
  });

  it('changes with the prompt, the model and every output option', () => {
    const base = requestHash(generate());
    const variants = [
      generate({ prompt: 'a red fox.' }),
      generate({ model: 'gpt-image-2.5-flare' }),
      generate({ size: '1536x1024' }),
      generate({ quality: 'high' }),
      generate({ background: 'opaque' }),
      generate({ outputFormat: 'webp' }),
      generate({ outputFormat: 'jpeg', outputCompression: 80 }),
      generate({ moderation: 'low' }),
      generate({ n: 2 }),
    ];
    const hashes = new Set([base, ...variants.map(requestHash)]);
    assert.equal(hashes.size, variants.length + 1);
  });

  it('changes with the bytes of an input image or mask, not its name', async () => {
    const red = await solidImage('png', { width: 16, height: 16 });
    const other = await solidImage('png', { width: 16, height: 16, alpha: 0.5 });
    assert.notEqual(requestHash(edit(red)), requestHash(edit(other)));
    assert.notEqual(requestHash(edit(red)), requestHash(edit(red, other)));
    const renamed = edit(red);
    if (renamed.kind === 'edit' && renamed.images[0]) renamed.images[0].name = 'another-name.png';
    assert.equal(requestHash(edit(red)), requestHash(renamed));
  });
});

describe('findCachedImage', () => {
  async function savedFox(): Promise<{ store: MemoryFileStore; png: Uint8Array }> {
    const store = new MemoryFileStore();
    await store.createDirectory('/ws/ignore');
    const png = await solidImage('png');
    await store.writeFile('/ws/ignore/fox.png', png);
    await appendManifestEntry({ store, workspaceRoot: ROOT, entry: entryFor(generate()), now: NOW });
    return { store, png };
  }

  it('hits for an identical request, with the entry and the bytes', async () => {
    const { store, png } = await savedFox();
    const { manifest } = await readManifest({ store, workspaceRoot: ROOT });
    const hit = await findCachedImage({ store, workspaceRoot: ROOT, manifest, request: generate() });
    assert.equal(hit?.entry.id, 'e1');
    assert.equal(hit?.path, '/ws/ignore/fox.png');
    assert.deepEqual(hit?.bytes, png);
  });

  it('misses when the prompt or an option changes', async () => {
    const { store } = await savedFox();
    const { manifest } = await readManifest({ store, workspaceRoot: ROOT });
    for (const request of [generate({ prompt: 'a blue fox' }), generate({ quality: 'high' }), generate({ size: '1024x1536' })]) {
      assert.equal(await findCachedImage({ store, workspaceRoot: ROOT, manifest, request }), undefined);
    }
  });

  it('misses when an input image\'s bytes change', async () => {
    const store = new MemoryFileStore();
    await store.createDirectory('/ws/ignore');
    await store.writeFile('/ws/ignore/fox.png', await solidImage('png'));
    const input = await solidImage('png', { width: 16, height: 16 });
    const manifest = { version: 1 as const, images: [entryFor(edit(input))] };
    assert.ok(await findCachedImage({ store, workspaceRoot: ROOT, manifest, request: edit(input) }));
    const changed = await solidImage('png', { width: 16, height: 16, alpha: 0.5 });
    assert.equal(await findCachedImage({ store, workspaceRoot: ROOT, manifest, request: edit(changed) }), undefined);
  });

  it('misses when the file is gone, damaged, of another format, or a symlink', async () => {
    const request = generate();
    const hash = requestHash(request);
    const store = new MemoryFileStore();
    await store.createDirectory('/ws/ignore');
    await store.writeFile('/ws/ignore/damaged.png', (await solidImage('png')).slice(0, 40));
    await store.writeFile('/ws/ignore/actually.jpg.png', await solidImage('jpeg'));
    await store.createDirectory('/outside');
    await store.writeFile('/outside/secret.png', await solidImage('png'));
    await store.addSymlink('/ws/ignore/link.png', '/outside/secret.png');
    const manifest = {
      version: 1 as const,
      images: ['ignore/gone.png', 'ignore/damaged.png', 'ignore/actually.jpg.png', 'ignore/link.png'].map((file, i) => entryFor(request, { id: `e${i}`, file, requestHash: hash })),
    };
    assert.equal(await findCachedImage({ store, workspaceRoot: ROOT, manifest, request }), undefined);
  });

  it('does not trust a stored hash whose prompt differs (a forged manifest)', async () => {
    const { store } = await savedFox();
    const manifest = { version: 1 as const, images: [entryFor(generate(), { prompt: 'something else' })] };
    assert.equal(await findCachedImage({ store, workspaceRoot: ROOT, manifest, request: generate() }), undefined);
  });

  it('returns the newest valid match', async () => {
    const { store } = await savedFox();
    await store.writeFile('/ws/ignore/newer.png', await solidImage('png', { width: 4, height: 4 }));
    await appendManifestEntry({ store, workspaceRoot: ROOT, entry: entryFor(generate(), { id: 'newer', file: 'ignore/newer.png', createdAt: new Date(NOW.getTime() + 1000).toISOString() }), now: NOW });
    const { manifest } = await readManifest({ store, workspaceRoot: ROOT });
    assert.equal((await findCachedImage({ store, workspaceRoot: ROOT, manifest, request: generate() }))?.entry.id, 'newer');
  });
});
