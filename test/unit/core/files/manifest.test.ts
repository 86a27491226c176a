import { strict as assert } from 'node:assert';
import { ZodError } from 'zod';
import {
  appendManifestEntry,
  findMissingImages,
  type ManifestEntry,
  readManifest,
  removeManifestEntry,
} from '../../../../src/core/files/manifest';
import { MemoryFileStore } from '../../../support/memoryFileStore';
import { rejectionOf } from '../../support/images';

const ROOT = '/ws';
const MANIFEST = '/ws/.imagestudio/manifest.json';
const NOW = new Date(Date.UTC(2026, 10, 30, 9, 5, 7));
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function entry(overrides: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    id: 'e1',
    file: 'ignore/20261130-090507-a-red-fox-beef.png',
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

async function workspace(): Promise<MemoryFileStore> {
  const store = new MemoryFileStore();
  await store.createDirectory(ROOT);
  return store;
}

describe('manifest', () => {
  it('reads an absent manifest as empty, without creating anything', async () => {
    const store = await workspace();
    assert.deepEqual(await readManifest({ store, workspaceRoot: ROOT }), {
      manifest: { version: 1, images: [] },
      path: MANIFEST,
    });
    assert.deepEqual(store.filePaths(), []);
  });

  it('round-trips entries: append, read back, replace by id, remove', async () => {
    const store = await workspace();
    await appendManifestEntry({ store, workspaceRoot: ROOT, entry: entry(), now: NOW });
    await appendManifestEntry({
      store,
      workspaceRoot: ROOT,
      entry: entry({ id: 'e2', kind: 'edit', inputFiles: ['docs/in.png'] }),
      now: NOW,
    });
    const read = await readManifest({ store, workspaceRoot: ROOT });
    assert.deepEqual(read.manifest.images, [entry(), entry({ id: 'e2', kind: 'edit', inputFiles: ['docs/in.png'] })]);
    assert.ok(text(await store.readFile(MANIFEST)).endsWith('}\n'), 'pretty JSON with a final newline');

    await appendManifestEntry({ store, workspaceRoot: ROOT, entry: entry({ prompt: 'changed' }), now: NOW });
    assert.deepEqual(
      (await readManifest({ store, workspaceRoot: ROOT })).manifest.images.map((e) => [e.id, e.prompt]),
      [
        ['e2', 'a red fox'],
        ['e1', 'changed'],
      ],
    );

    const removed = await removeManifestEntry({ store, workspaceRoot: ROOT, id: 'e2', now: NOW });
    assert.equal(removed.removed, true);
    assert.deepEqual(
      removed.manifest.images.map((e) => e.id),
      ['e1'],
    );
    assert.equal((await removeManifestEntry({ store, workspaceRoot: ROOT, id: 'nope', now: NOW })).removed, false);
    // Only the manifest and the .gitignore that keeps local files out of git: no temporary or backup files left behind.
    assert.deepEqual(store.filePaths(), ['/ws/.imagestudio/.gitignore', MANIFEST]);
  });

  it('keeps every entry when many are appended at once', async () => {
    const store = await workspace();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        appendManifestEntry({ store, workspaceRoot: ROOT, entry: entry({ id: `e${i}` }), now: NOW }),
      ),
    );
    assert.equal((await readManifest({ store, workspaceRoot: ROOT })).manifest.images.length, 8);
  });

  it('refuses to record an entry whose file escapes the workspace', async () => {
    const store = await workspace();
    for (const file of ['../outside.png', '/etc/passwd', 'a/../../b.png', 'a\\b.png']) {
      const err = await rejectionOf(
        appendManifestEntry({ store, workspaceRoot: ROOT, entry: entry({ file }), now: NOW }),
      );
      assert.ok(err instanceof ZodError, `${file}: ${String(err)}`);
    }
    assert.deepEqual(store.filePaths(), []);
  });

  describe('a corrupt manifest', () => {
    for (const [label, content] of [
      ['a merge conflict', '<<<<<<< HEAD\n{"version":1,"images":[]}\n=======\n'],
      ['truncated JSON', '{"version":1,"images":['],
      ['a wrong shape', '{"version":1,"images":[{"id":"x"}]}'],
      ['a newer version', '{"version":2,"images":[]}'],
      [
        'an entry escaping the workspace',
        JSON.stringify({ version: 1, images: [entry({ file: '../../.ssh/id_rsa' })] }),
      ],
    ] as const) {
      it(`${label}: read reports it naming the file, changes nothing; a write moves it aside, says so`, async () => {
        const store = await workspace();
        await store.createDirectory('/ws/.imagestudio');
        await store.writeFile(MANIFEST, new TextEncoder().encode(content));
        const read = await readManifest({ store, workspaceRoot: ROOT });
        assert.deepEqual(read.manifest, { version: 1, images: [] });
        assert.ok(
          read.corrupt?.message.startsWith(`The image manifest ${MANIFEST} could not be read:`),
          read.corrupt?.message,
        );
        assert.equal(text(await store.readFile(MANIFEST)), content);

        const update = await appendManifestEntry({ store, workspaceRoot: ROOT, entry: entry(), now: NOW });
        const aside = '/ws/.imagestudio/manifest.corrupt-20261130T090507Z.json';
        assert.ok(update.notice?.includes(`renamed to ${aside} and a new manifest was started`), update.notice);
        assert.equal(text(await store.readFile(aside)), content);
        assert.deepEqual((await readManifest({ store, workspaceRoot: ROOT })).manifest.images, [entry()]);
      });
    }

    it('never overwrites an earlier corrupt copy', async () => {
      const store = await workspace();
      await store.createDirectory('/ws/.imagestudio');
      await store.writeFile(
        '/ws/.imagestudio/manifest.corrupt-20261130T090507Z.json',
        new TextEncoder().encode('first'),
      );
      await store.writeFile(MANIFEST, new TextEncoder().encode('second'));
      const update = await appendManifestEntry({ store, workspaceRoot: ROOT, entry: entry(), now: NOW });
      assert.match(update.notice ?? '', /manifest\.corrupt-20261130T090507Z-1\.json/);
      assert.equal(text(await store.readFile('/ws/.imagestudio/manifest.corrupt-20261130T090507Z.json')), 'first');
    });
  });

  it('refuses a symlinked .imagestudio folder', async () => {
    const store = await workspace();
    await store.createDirectory('/outside');
    await store.addSymlink('/ws/.imagestudio', '/outside');
    await assert.rejects(
      appendManifestEntry({ store, workspaceRoot: ROOT, entry: entry(), now: NOW }),
      /symbolic link/,
    );
    assert.deepEqual(await store.readDirectory('/outside'), []);
  });

  it('finds the entries whose image is missing (after a clone)', async () => {
    const store = await workspace();
    await appendManifestEntry({
      store,
      workspaceRoot: ROOT,
      entry: entry({ id: 'present', file: 'ignore/present.png' }),
      now: NOW,
    });
    await appendManifestEntry({
      store,
      workspaceRoot: ROOT,
      entry: entry({ id: 'missing', file: 'ignore/missing.png' }),
      now: NOW,
    });
    await store.createDirectory('/ws/ignore');
    await store.writeFile('/ws/ignore/present.png', new Uint8Array([1]));
    assert.deepEqual(
      (await findMissingImages({ store, workspaceRoot: ROOT })).map((e) => e.id),
      ['missing'],
    );
  });
});
