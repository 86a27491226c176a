import { strict as assert } from 'node:assert';
import {
  findCachedImage,
  MAX_CACHE_ENTRIES,
  rememberSavedImages,
  sha256Of,
} from '../../../../src/core/files/imageCache';
import {
  type ImageRequest,
  type ImageRequestInput,
  parseImageRequest,
} from '../../../../src/core/request/imageRequest';
import { appendManifestEntry, type ManifestEntry } from '../../../../src/core/files/manifest';
import { MemoryFileStore } from '../../../support/memoryFileStore';
import { requestHash } from '../../../../src/core/request/requestHash';
import { solidImage } from '../../support/images';

const ROOT = '/ws';
const NOW = new Date(Date.UTC(2026, 10, 30, 9, 5, 7));
const TODAY = new Date(Date.UTC(2026, 10, 15));

function generate(overrides: Partial<Extract<ImageRequestInput, { kind: 'generate' }>> = {}): ImageRequest {
  return parseImageRequest(
    { kind: 'generate', model: 'gpt-image-2', prompt: 'a red fox', size: '1024x1024', quality: 'low', ...overrides },
    TODAY,
  );
}

function edit(imageBytes: Uint8Array, maskBytes?: Uint8Array): ImageRequest {
  return parseImageRequest(
    {
      kind: 'edit',
      model: 'gpt-image-2',
      prompt: 'add a hat',
      images: [{ name: 'in.png', mimeType: 'image/png', bytes: imageBytes }],
      ...(maskBytes ? { mask: { name: 'mask.png', mimeType: 'image/png', bytes: maskBytes } } : {}),
    },
    TODAY,
  );
}

function entryFor(request: ImageRequest, overrides: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    id: 'e1',
    file: 'ignore/fox.png',
    prompt: request.prompt,
    model: request.model,
    kind: request.kind,
    options: {
      size: request.size,
      quality: request.quality,
      background: request.background,
      outputFormat: request.outputFormat,
    },
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

describe('findCachedImage: only images this installation saved, unchanged, in the output folder', () => {
  const INDEX = { folder: '/private/cache' };
  const OUTPUT = '/ws/ignore';

  async function workspace(): Promise<{ store: MemoryFileStore; privateStore: MemoryFileStore }> {
    const store = new MemoryFileStore();
    await store.createDirectory(OUTPUT);
    return { store, privateStore: new MemoryFileStore() };
  }

  /** Saves `bytes` at `file` and records it in the private index, as a real save does. */
  async function saved(
    stores: { store: MemoryFileStore; privateStore: MemoryFileStore },
    request: ImageRequest,
    file: string,
    bytes: Uint8Array,
    id = 'e1',
    now = NOW,
  ): Promise<void> {
    await stores.store.createDirectory(file.slice(0, file.lastIndexOf('/')));
    await stores.store.writeFile(file, bytes);
    await rememberSavedImages({
      index: { store: stores.privateStore, ...INDEX },
      workspaceRoot: ROOT,
      request,
      images: [{ path: file, manifestId: id, sha256: sha256Of(bytes) }],
      now,
    });
  }

  const find = (
    stores: { store: MemoryFileStore; privateStore: MemoryFileStore },
    request: ImageRequest,
    outputFolder = OUTPUT,
  ) =>
    findCachedImage({
      store: stores.store,
      workspaceRoot: ROOT,
      outputFolder,
      index: { store: stores.privateStore, ...INDEX },
      request,
    });

  it('hits for an identical request saved before, with the manifest id and the bytes', async () => {
    const stores = await workspace();
    const png = await solidImage('png');
    await saved(stores, generate(), '/ws/ignore/fox.png', png);
    const hit = await find(stores, generate());
    assert.equal(hit?.manifestId, 'e1');
    assert.equal(hit?.path, '/ws/ignore/fox.png');
    assert.deepEqual(hit?.bytes, png);
    assert.equal(hit?.sha256, sha256Of(png));
  });

  it('keeps its index in private storage only, one file per workspace folder', async () => {
    const stores = await workspace();
    await saved(stores, generate(), '/ws/ignore/fox.png', await solidImage('png'));
    assert.deepEqual(stores.store.filePaths(), ['/ws/ignore/fox.png'], 'nothing of the cache in the workspace');
    const [index] = stores.privateStore.filePaths();
    assert.match(index ?? '', /^\/private\/cache\/[0-9a-f]{32}\.json$/);
  });

  it('misses when the prompt or an option changes', async () => {
    const stores = await workspace();
    await saved(stores, generate(), '/ws/ignore/fox.png', await solidImage('png'));
    for (const request of [
      generate({ prompt: 'a blue fox' }),
      generate({ quality: 'high' }),
      generate({ size: '1024x1536' }),
    ]) {
      assert.equal(await find(stores, request), undefined);
    }
  });

  it("misses when an input image's bytes change", async () => {
    const stores = await workspace();
    const input = await solidImage('png', { width: 16, height: 16 });
    await saved(stores, edit(input), '/ws/ignore/hat.png', await solidImage('png'));
    assert.ok(await find(stores, edit(input)));
    assert.equal(await find(stores, edit(await solidImage('png', { width: 16, height: 16, alpha: 0.5 }))), undefined);
  });

  it('is never a hit through a committed manifest: a forged entry and a planted file are not served', async () => {
    const stores = await workspace();
    const request = generate();
    await stores.store.writeFile('/ws/ignore/planted.png', await solidImage('png'));
    await appendManifestEntry({
      store: stores.store,
      workspaceRoot: ROOT,
      entry: entryFor(request, { file: 'ignore/planted.png' }),
      now: NOW,
    });
    assert.equal(await find(stores, request), undefined);
  });

  it('misses when the saved bytes changed, even to another valid image', async () => {
    const stores = await workspace();
    await saved(stores, generate(), '/ws/ignore/fox.png', await solidImage('png'));
    await stores.store.writeFile('/ws/ignore/fox.png', await solidImage('png', { alpha: 0.5 }));
    assert.equal(await find(stores, generate()), undefined);
  });

  it('misses for a file outside the current output folder (the setting changed, or saved elsewhere)', async () => {
    const stores = await workspace();
    await saved(stores, generate(), '/ws/docs/fox.png', await solidImage('png'));
    assert.equal(await find(stores, generate()), undefined, 'saved outside the output folder');
    await saved(stores, generate({ prompt: 'a grey wolf' }), '/ws/ignore/wolf.png', await solidImage('png'), 'e2');
    assert.ok(await find(stores, generate({ prompt: 'a grey wolf' })));
    await stores.store.createDirectory('/ws/assets');
    assert.equal(
      await find(stores, generate({ prompt: 'a grey wolf' }), '/ws/assets'),
      undefined,
      'the output folder is now another one',
    );
    assert.equal(
      await find(stores, generate({ prompt: 'a grey wolf' }), '/ws/ign'),
      undefined,
      'a folder whose name is a prefix is not inside',
    );
  });

  it('misses when the file is gone, damaged, of another format, or now a symlink', async () => {
    const request = generate();
    const stores = await workspace();
    const png = await solidImage('png');
    for (const name of ['gone', 'damaged', 'actually-jpeg', 'link'])
      await saved(stores, request, `/ws/ignore/${name}.png`, png, name);
    await stores.store.delete('/ws/ignore/gone.png');
    const damaged = png.slice(0, 40);
    await stores.store.writeFile('/ws/ignore/damaged.png', damaged);
    await rememberSavedImages({
      index: { store: stores.privateStore, ...INDEX },
      workspaceRoot: ROOT,
      request,
      images: [{ path: '/ws/ignore/damaged.png', manifestId: 'damaged', sha256: sha256Of(damaged) }],
      now: NOW,
    });
    const jpeg = await solidImage('jpeg');
    await stores.store.writeFile('/ws/ignore/actually-jpeg.png', jpeg);
    await rememberSavedImages({
      index: { store: stores.privateStore, ...INDEX },
      workspaceRoot: ROOT,
      request,
      images: [{ path: '/ws/ignore/actually-jpeg.png', manifestId: 'actually-jpeg', sha256: sha256Of(jpeg) }],
      now: NOW,
    });
    await stores.store.createDirectory('/outside');
    await stores.store.writeFile('/outside/secret.png', png);
    await stores.store.delete('/ws/ignore/link.png');
    await stores.store.addSymlink('/ws/ignore/link.png', '/outside/secret.png');
    assert.equal(await find(stores, request), undefined);
  });

  it('returns the newest unchanged match', async () => {
    const stores = await workspace();
    await saved(stores, generate(), '/ws/ignore/fox.png', await solidImage('png'));
    await saved(
      stores,
      generate(),
      '/ws/ignore/newer.png',
      await solidImage('png', { width: 4, height: 4 }),
      'newer',
      new Date(NOW.getTime() + 1000),
    );
    assert.equal((await find(stores, generate()))?.manifestId, 'newer');
    await stores.store.delete('/ws/ignore/newer.png');
    assert.equal((await find(stores, generate()))?.manifestId, 'e1');
  });

  it('keeps only the newest entries, and treats a damaged, oversized or foreign index as empty', async () => {
    const stores = await workspace();
    const png = await solidImage('png', { width: 4, height: 4 });
    await stores.store.writeFile('/ws/ignore/first.png', png);
    const images = Array.from({ length: MAX_CACHE_ENTRIES + 5 }, (_, i) => ({
      path: i === 0 ? '/ws/ignore/first.png' : `/ws/ignore/other-${i}.png`,
      manifestId: `m${i}`,
      sha256: sha256Of(png),
    }));
    await rememberSavedImages({
      index: { store: stores.privateStore, ...INDEX },
      workspaceRoot: ROOT,
      request: generate(),
      images,
      now: NOW,
    });
    const [indexFile = ''] = stores.privateStore.filePaths();
    const index = JSON.parse(new TextDecoder().decode(await stores.privateStore.readFile(indexFile))) as {
      entries: { manifestId: string }[];
    };
    assert.equal(index.entries.length, MAX_CACHE_ENTRIES);
    assert.equal(index.entries[0]?.manifestId, 'm5', 'the oldest were dropped');
    assert.equal(await find(stores, generate()), undefined, 'the dropped entry is no longer a hit');

    for (const content of [
      '{"version":1,',
      'x'.repeat(3 * 1024 * 1024),
      JSON.stringify({ version: 1, workspaceRoot: '/elsewhere', entries: [] }),
    ]) {
      await stores.privateStore.writeFile(indexFile, new TextEncoder().encode(content));
      assert.equal(await find(stores, generate()), undefined);
      // Remembering starts a fresh index rather than failing.
      await saved(stores, generate(), '/ws/ignore/fox.png', await solidImage('png'));
      assert.equal((await find(stores, generate()))?.manifestId, 'e1');
    }
  });
});
