import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  appendManifestEntry,
  type ManifestEntry,
  readManifest,
  removeManifestEntry,
} from '../../../../src/core/files/manifest';
import { appendInPlace, manifestBytes } from '../../../../src/core/files/manifestInPlace';
import { createNodeFileStore } from '../../../../src/core/files/nodeFileStore';
import { MemoryFileStore } from '../../../support/memoryFileStore';
import { checkProperty } from '../../fuzz/checkProperty';
import { useTempDir } from '../../support/tempDir';

const ROOT = '/ws';
const MANIFEST = '/ws/.imagestudio/manifest.json';
const NOW = new Date(Date.UTC(2026, 11, 4, 4, 5, 6));
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function entry(id: string, overrides: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    id,
    file: `ignore/20261204-040506-a-red-fox-${id}.png`,
    prompt: 'a red fox',
    model: 'gpt-image-2',
    kind: 'generate',
    options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
    requestHash: 'a'.repeat(64),
    createdAt: NOW.toISOString(),
    costUsd: 0.011,
    usage: { inputTokens: 10, outputTokens: 272 },
    ...overrides,
  };
}

// Entries with every optional field, text JSON must escape, and characters of several UTF-8 lengths.
const VARIED: readonly ManifestEntry[] = [
  entry('e1'),
  entry('e2', { prompt: 'un renard roux — 狐 🦊 "quoted" \\ back\nslash\u2028', costUsd: 0 }),
  entry('e3', {
    kind: 'edit',
    inputFiles: ['docs/in.png', 'docs/ünïcode.png'],
    maskFile: 'docs/mask.png',
    options: {
      size: '1536x1024',
      quality: 'high',
      background: 'opaque',
      outputFormat: 'webp',
      outputCompression: 80,
      moderation: 'low',
      inputFidelity: 'high',
    },
  }),
  entry('e4', { agent: { via: 'mcp', tool: 'generate_image', client: 'claude-code' } }),
  entry('e5', { prompt: '', usage: { inputTokens: 0, outputTokens: 0 } }),
];

async function workspace(options: { inPlace?: boolean } = {}): Promise<MemoryFileStore> {
  const store = new MemoryFileStore(options);
  await store.createDirectory(ROOT);
  return store;
}

/** How often the store read the manifest, and wrote it whole (a temporary file renamed into place). */
function manifestIo(store: MemoryFileStore): { reads: number; wholeWrites: number; inPlace: number } {
  const count = (pattern: RegExp): number => store.calls.filter((call) => pattern.test(call)).length;
  return {
    reads: count(/^readFile \/ws\/\.imagestudio\/manifest\.json$/),
    wholeWrites: count(/^writeFile \/ws\/\.imagestudio\/manifest\.json\.[0-9a-f]+\.tmp$/),
    inPlace: count(/^inPlace \/ws\/\.imagestudio\/manifest\.json$/),
  };
}

/** The manifest's bytes, read without counting as one of the calls under test. */
async function bytesOf(store: MemoryFileStore): Promise<Uint8Array> {
  const bytes = await store.readFile(MANIFEST);
  store.calls.pop();
  return bytes;
}

const append = (store: MemoryFileStore, image: ManifestEntry) =>
  appendManifestEntry({ store, workspaceRoot: ROOT, entry: image, now: NOW });

describe('manifest appends in place', function () {
  // The property runs 1,000 sequences of up to 14 changes on two stores.
  this.timeout(120_000);

  it('write exactly the bytes of the whole rewrite, reading the manifest never and writing it whole once', async () => {
    const disk = await workspace();
    const whole = await workspace({ inPlace: false });
    for (const image of VARIED) {
      const update = await append(disk, image);
      await append(whole, image);
      assert.equal(decode(await bytesOf(disk)), decode(await bytesOf(whole)), image.id);
      assert.equal(update.entries, VARIED.indexOf(image) + 1);
    }
    assert.deepEqual(manifestIo(disk), { reads: 0, wholeWrites: 1, inPlace: VARIED.length });
    // Without in-place writes (the extension's workspace.fs) every append after the first reads and rewrites it.
    assert.deepEqual(manifestIo(whole), { reads: VARIED.length - 1, wholeWrites: VARIED.length, inPlace: 0 });
    assert.deepEqual((await readManifest({ store: disk, workspaceRoot: ROOT })).manifest.images, VARIED);
  });

  it('rewrite whole a manifest another process wrote since, keeping its entries, then go on in place', async () => {
    const store = await workspace();
    await append(store, entry('e1'));
    await append(store, entry('e2'));
    // Another window or the CLI rewrote it (a new file renamed into place), with an entry of its own.
    const theirs = { version: 1 as const, images: [entry('e1'), entry('e2'), entry('theirs')] };
    await store.writeFile(MANIFEST, manifestBytes(theirs));
    store.calls.length = 0;
    await append(store, entry('e3'));
    // One in-place attempt refused, then the identity of what was rewritten.
    assert.deepEqual(manifestIo(store), { reads: 1, wholeWrites: 1, inPlace: 2 });
    const expected = { version: 1 as const, images: [...theirs.images, entry('e3')] };
    assert.equal(decode(await store.readFile(MANIFEST)), decode(manifestBytes(expected)));

    store.calls.length = 0;
    await append(store, entry('e4'));
    assert.deepEqual(manifestIo(store), { reads: 0, wholeWrites: 0, inPlace: 1 });
  });

  it('catch by its last bytes a hand edit the file identity cannot see, and keep the edit', async () => {
    const store = await workspace();
    await append(store, entry('e1'));
    await append(store, entry('e2', { prompt: 'a red fox' }));
    const edited = decode(await store.readFile(MANIFEST));
    const last = edited.lastIndexOf('a red fox');
    store.editKeepingIdentity(MANIFEST, encode(`${edited.slice(0, last)}a red cat${edited.slice(last + 9)}`));
    store.calls.length = 0;
    await append(store, entry('e3'));
    assert.equal(manifestIo(store).reads, 1, 'read whole');
    assert.deepEqual(
      (await readManifest({ store, workspaceRoot: ROOT })).manifest.images.map((image) => image.prompt),
      ['a red fox', 'a red cat', 'a red fox'],
    );
  });

  it('rewrite a hand-formatted manifest in the canonical form', async () => {
    const store = await workspace();
    await append(store, entry('e1'));
    await store.writeFile(MANIFEST, encode(JSON.stringify({ version: 1, images: [entry('e1')] })));
    await append(store, entry('e2'));
    const expected = manifestBytes({ version: 1, images: [entry('e1'), entry('e2')] });
    assert.equal(decode(await store.readFile(MANIFEST)), decode(expected));
  });

  it('replace an entry with the same id through the whole rewrite, like before', async () => {
    const disk = await workspace();
    const whole = await workspace({ inPlace: false });
    for (const image of [entry('e1'), entry('e2'), entry('e1', { prompt: 'changed' })]) {
      await append(disk, image);
      await append(whole, image);
    }
    assert.deepEqual(await disk.readFile(MANIFEST), await whole.readFile(MANIFEST));
    assert.deepEqual(
      (await readManifest({ store: disk, workspaceRoot: ROOT })).manifest.images.map((image) => image.prompt),
      ['a red fox', 'changed'],
    );
  });

  it('set aside a torn append (a crash part way through the write), never overwriting it', async () => {
    const store = await workspace();
    await append(store, entry('e1'));
    await append(store, entry('e2'));
    const whole = decode(await store.readFile(MANIFEST));
    // What a crash after part of the positional write leaves: the earlier entries, then part of the new one.
    const torn = `${whole.slice(0, whole.length - '\n  ]\n}\n'.length)},\n    {\n      "id": "e3",\n      "fi`;
    await store.writeFile(MANIFEST, encode(torn));
    const update = await append(store, entry('e4'));
    const aside = '/ws/.imagestudio/manifest.corrupt-20261204T040506Z.json';
    assert.match(update.notice ?? '', /is not valid JSON/);
    assert.ok(update.notice?.includes(`renamed to ${aside}`), update.notice);
    assert.equal(decode(await store.readFile(aside)), torn);
    assert.deepEqual((await readManifest({ store, workspaceRoot: ROOT })).manifest.images, [entry('e4')]);
  });

  it('leave to the whole rewrite an append past a cap, writing nothing', async () => {
    const store = await workspace();
    await append(store, entry('e1'));
    await append(store, entry('e2'));
    const before = await store.readFile(MANIFEST);
    const size = before.length;
    assert.equal(await appendInPlace(store, MANIFEST, entry('e3'), { maxEntries: 2, maxBytes: 1e9 }), undefined);
    assert.equal(await appendInPlace(store, MANIFEST, entry('e3'), { maxEntries: 9, maxBytes: size + 10 }), undefined);
    assert.deepEqual(await store.readFile(MANIFEST), before);
    assert.equal(await appendInPlace(store, MANIFEST, entry('e3'), { maxEntries: 3, maxBytes: size * 2 }), 3);
  });

  it('a removal rewrites the file whole, and the next append goes on in place from it', async () => {
    const store = await workspace();
    for (const id of ['e1', 'e2', 'e3']) await append(store, entry(id));
    assert.equal((await removeManifestEntry({ store, workspaceRoot: ROOT, id: 'e2', now: NOW })).removed, true);
    store.calls.length = 0;
    await append(store, entry('e4'));
    assert.deepEqual(manifestIo(store), { reads: 0, wholeWrites: 0, inPlace: 1 });
    const expected = manifestBytes({ version: 1, images: [entry('e1'), entry('e3'), entry('e4')] });
    assert.deepEqual(await store.readFile(MANIFEST), expected);
  });

  describe('on the local disk', () => {
    const tempDir = useTempDir();

    it('two processes appending at once keep every entry, in the canonical form', async () => {
      // Two stores stand for two processes: each knows only what it wrote itself.
      const root = tempDir();
      const cli = createNodeFileStore();
      const extension = createNodeFileStore();
      await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          appendManifestEntry({
            store: i % 3 === 0 ? cli : extension,
            workspaceRoot: root,
            entry: entry(`p${i}`),
            now: NOW,
          }),
        ),
      );
      const file = path.posix.join(root, '.imagestudio/manifest.json');
      const read = await readManifest({ store: cli, workspaceRoot: root });
      assert.equal(read.corrupt, undefined);
      assert.deepEqual(
        read.manifest.images.map((image) => image.id).sort(),
        [...Array(24).keys()].map((i) => `p${i}`).sort(),
      );
      assert.deepEqual(await cli.readFile(file), manifestBytes(read.manifest));
    });
  });

  it('any mix of appends, removals, rewrites and hand edits reads back as the whole rewrites write it', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const image = fc.record({
      id: fc.constantFrom(...ids),
      prompt: fc.string({ unit: 'binary', maxLength: 30 }),
      costUsd: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined }),
    });
    type Step =
      | { readonly kind: 'append'; readonly id: string; readonly prompt: string; readonly costUsd: number | undefined }
      | { readonly kind: 'remove'; readonly id: string }
      | { readonly kind: 'foreign'; readonly drop: number; readonly id: string }
      | { readonly kind: 'hand' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 6, arbitrary: image.map((fields) => ({ kind: 'append' as const, ...fields })) },
      { weight: 1, arbitrary: fc.constantFrom(...ids).map((id) => ({ kind: 'remove' as const, id })) },
      {
        weight: 1,
        arbitrary: fc
          .record({ drop: fc.nat(3), id: fc.constantFrom('x', 'y') })
          .map((fields) => ({ kind: 'foreign' as const, ...fields })),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'hand' as const }) },
    );
    await checkProperty(
      'in-place manifest appends against whole rewrites',
      fc.asyncProperty(fc.array(step, { maxLength: 14 }), async (steps) => {
        const disk = await workspace();
        const whole = await workspace({ inPlace: false });
        for (const [index, taken] of steps.entries()) {
          if (taken.kind === 'append') {
            const made = entry(taken.id, {
              prompt: taken.prompt,
              ...(taken.costUsd === undefined ? { costUsd: undefined } : { costUsd: taken.costUsd }),
            });
            for (const store of [disk, whole]) await append(store, made);
          } else if (taken.kind === 'remove') {
            for (const store of [disk, whole])
              await removeManifestEntry({ store, workspaceRoot: ROOT, id: taken.id, now: NOW });
          } else {
            // Someone else wrote the file (to both): another process's rewrite, or a person's compact re-save.
            const images = (await readManifest({ store: whole, workspaceRoot: ROOT })).manifest.images;
            const bytes =
              taken.kind === 'foreign'
                ? manifestBytes({ version: 1, images: [...images.slice(taken.drop), entry(`${taken.id}${index}`)] })
                : encode(JSON.stringify({ version: 1, images }));
            for (const store of [disk, whole]) {
              await store.createDirectory('/ws/.imagestudio');
              await store.writeFile(MANIFEST, bytes);
            }
          }
          const [ours, theirs] = [await disk.readFile(MANIFEST), await whole.readFile(MANIFEST)];
          assert.equal(decode(ours), decode(theirs), `after step ${index} (${taken.kind})`);
        }
        const [ours, theirs] = await Promise.all(
          [disk, whole].map((store) => readManifest({ store, workspaceRoot: ROOT })),
        );
        assert.equal(ours?.corrupt, undefined);
        assert.deepStrictEqual(ours?.manifest, theirs?.manifest);
      }),
    );
  });
});
