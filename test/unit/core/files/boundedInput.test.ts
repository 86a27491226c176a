import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkBatchRecordRoom,
  MAX_BATCH_ITEMS,
  MAX_BATCH_RECORD_BYTES,
  readBatchRecord,
} from '../../../../src/cli/batchRecord';
import { ImageStudioError } from '../../../../src/core/errors';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import {
  appendManifestEntry,
  checkManifestRoom,
  findMissingImages,
  manifestGrowth,
  MAX_MANIFEST_BYTES,
  MAX_MANIFEST_ENTRIES,
  readManifest,
  type ManifestEntry,
} from '../../../../src/core/files/manifest';
import { MemoryFileStore } from '../../../support/memoryFileStore';
import { createNodeFileStore } from '../../../../src/core/files/nodeFileStore';
import {
  appendUsage,
  MAX_LEDGER_BYTES,
  MAX_LEDGER_ENTRIES,
  readUsage,
  usageTotals,
  type UsageEntry,
} from '../../../../src/core/spend/usageLedger';
import { manifestEntryJson, writeManifestFile } from '../../support/largeManifest';
import { useTempDir } from '../../support/tempDir';

const ROOT = '/ws';
const MANIFEST = '/ws/.imagestudio/manifest.json';
const NOW = new Date(2026, 10, 30, 10);
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function tooLarge(pattern: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof ImageStudioError && e.kind === 'file-too-large', String(e));
    assert.match(e.message, pattern);
    return true;
  };
}

async function workspaceWith(manifest: Uint8Array): Promise<MemoryFileStore> {
  const store = new MemoryFileStore();
  await store.createDirectory('/ws/.imagestudio');
  await store.writeFile(MANIFEST, manifest);
  store.calls.length = 0;
  return store;
}

const manifests = new Map<number, Uint8Array>();

/** A valid manifest of `count` short entries (made once per count: the big ones take a moment). */
function manifestOf(count: number): Uint8Array {
  let bytes = manifests.get(count);
  if (bytes === undefined) {
    bytes = encode(
      `{"version":1,"images":[${Array.from({ length: count }, (_, i) => manifestEntryJson(i)).join(',')}]}`,
    );
    manifests.set(count, bytes);
  }
  return bytes;
}

describe('bounded input: the manifest', function () {
  this.timeout(60_000);
  const tempDir = useTempDir();

  it('refuses a manifest over 32 MB from its size alone, naming the file, its size, the cap, what to do', async () => {
    const store = await workspaceWith(new Uint8Array(40_000_000));
    await assert.rejects(
      readManifest({ store, workspaceRoot: ROOT }),
      tooLarge(
        new RegExp(
          /^The image manifest \/ws\/\.imagestudio\/manifest\.json is 40 MB, /.source +
            /over the 32 MB Image Studio reads, so it was not read\. Nothing was changed\. /.source +
            /If the manifest is yours, move older entries/.source,
        ),
      ),
    );
    const justOver = await workspaceWith(new Uint8Array(MAX_MANIFEST_BYTES + 1));
    await assert.rejects(
      readManifest({ store: justOver, workspaceRoot: ROOT }),
      tooLarge(/is 32,000,001 bytes, over the 32,000,000 bytes Image Studio reads/),
    );
    assert.deepEqual(
      store.calls.filter((call) => call.startsWith('readFile')),
      [],
      'never read',
    );
    assert.ok(!store.filePaths().some((p) => p.includes('corrupt')), 'not set aside as corrupt: it may be real');
  });

  it('refuses a manifest of more than 50,000 entries, counted before any entry is checked', async () => {
    const store = await workspaceWith(manifestOf(MAX_MANIFEST_ENTRIES + 1));
    await assert.rejects(
      readManifest({ store, workspaceRoot: ROOT }),
      tooLarge(
        new RegExp(
          /^The image manifest \/ws\/\.imagestudio\/manifest\.json has 50,001 entries, /.source +
            /over the 50,000 Image Studio reads/.source,
        ),
      ),
    );
    await assert.rejects(
      appendManifestEntry({
        store,
        workspaceRoot: ROOT,
        entry: JSON.parse(manifestEntryJson(0)) as ManifestEntry,
        now: NOW,
      }),
      tooLarge(/50,001 entries/),
    );
    assert.equal((await store.readFile(MANIFEST)).length, manifestOf(MAX_MANIFEST_ENTRIES + 1).length, 'left as it is');
  });

  it('an append in place stops at the entry cap too, with the same refusal, writing nothing', async () => {
    const store = await workspaceWith(manifestOf(MAX_MANIFEST_ENTRIES - 1));
    const entryAt = (i: number) => JSON.parse(manifestEntryJson(i)) as ManifestEntry;
    // The first append reads the file whole; this process then knows it, so the next one would be made in place.
    await appendManifestEntry({ store, workspaceRoot: ROOT, entry: entryAt(MAX_MANIFEST_ENTRIES - 1), now: NOW });
    const before = await store.readFile(MANIFEST);
    await assert.rejects(
      appendManifestEntry({ store, workspaceRoot: ROOT, entry: entryAt(MAX_MANIFEST_ENTRIES), now: NOW }),
      tooLarge(/was not changed: with this change it would have 50,001 entries/),
    );
    assert.deepEqual(await store.readFile(MANIFEST), before);
  });

  it('never writes a manifest past its caps, and the check before paying says there is no room', async () => {
    const store = await workspaceWith(manifestOf(MAX_MANIFEST_ENTRIES));
    const before = await store.readFile(MANIFEST);
    await assert.rejects(
      appendManifestEntry({
        store,
        workspaceRoot: ROOT,
        entry: JSON.parse(manifestEntryJson(MAX_MANIFEST_ENTRIES)) as ManifestEntry,
        now: NOW,
      }),
      tooLarge(/was not changed: with this change it would have 50,001 entries/),
    );
    assert.deepEqual(await store.readFile(MANIFEST), before);
    await assert.rejects(
      checkManifestRoom({ store, workspaceRoot: ROOT }, manifestGrowth('a fox', 1)),
      tooLarge(/^Nothing was sent: the image manifest .* has no room for this job's images \(it has 50,000 entries/),
    );
    const nearlyFull = await workspaceWith(new Uint8Array(MAX_MANIFEST_BYTES - 1000));
    await assert.rejects(
      checkManifestRoom({ store: nearlyFull, workspaceRoot: ROOT }, manifestGrowth('a fox', 2)),
      tooLarge(/no room .*would pass the 32 MB/),
    );
  });

  it('checks room in a small manifest with one stat, without reading it', async () => {
    const store = await workspaceWith(manifestOf(10));
    await checkManifestRoom({ store, workspaceRoot: ROOT }, manifestGrowth('a fox', 10, ['photos/in.png']));
    assert.deepEqual(
      store.calls.filter((call) => call.startsWith('readFile')),
      [],
    );
  });

  it('reads a manifest at the entry cap, and finds its missing files with a few calls per folder', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '.imagestudio'));
    fs.mkdirSync(path.join(root, 'ignore'));
    writeManifestFile(path.join(root, '.imagestudio', 'manifest.json'), MAX_MANIFEST_ENTRIES, 200);
    // One file in fifty is there.
    for (let i = 0; i < MAX_MANIFEST_ENTRIES; i += 50)
      fs.writeFileSync(path.join(root, (JSON.parse(manifestEntryJson(i)) as ManifestEntry).file), '');
    const store = createNodeFileStore();
    const calls: string[] = [];
    const counting = {
      ...store,
      stat: (p: string) => {
        calls.push(p);
        return store.stat(p);
      },
    };
    const missing = await findMissingImages({ store: counting, workspaceRoot: root });
    assert.equal(missing.length, MAX_MANIFEST_ENTRIES - MAX_MANIFEST_ENTRIES / 50);
    assert.equal(missing[0]?.id, 'id1');
    assert.ok(calls.length < 10, `${calls.length} stats for 50,000 entries`);
  });
});

describe('bounded input: the usage ledger', () => {
  const FOLDER = '/private/usage';
  const LEDGER = '/private/usage/usage-2026-11.jsonl';
  const entry = (): UsageEntry => ({
    at: NOW.toISOString(),
    model: 'gpt-image-2',
    kind: 'generate',
    images: 1,
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0.01,
    estimated: false,
    cached: false,
    promptPreview: 'p',
  });

  async function ledgerWith(bytes: Uint8Array): Promise<MemoryFileStore> {
    const store = new MemoryFileStore();
    await store.createDirectory(FOLDER);
    await store.writeFile(LEDGER, bytes);
    store.calls.length = 0;
    return store;
  }

  it('refuses a month over 32 MB unread, naming the file, so the budget check refuses before a job pays', async () => {
    const store = await ledgerWith(new Uint8Array(MAX_LEDGER_BYTES + 8_000_000));
    await assert.rejects(
      readUsage({ store, folder: FOLDER, month: '2026-11' }),
      tooLarge(
        new RegExp(
          /^The usage ledger \/private\/usage\/usage-2026-11\.jsonl is 40 MB, /.source +
            /over the 32 MB Image Studio reads, so it was not read\. /.source +
            /It is your spend record for that month: move it somewhere else to keep it/.source,
        ),
      ),
    );
    await assert.rejects(usageTotals({ store, folder: FOLDER, now: NOW }), tooLarge(/usage-2026-11\.jsonl is 40 MB/));
    assert.deepEqual(
      store.calls.filter((call) => call.startsWith('readFile')),
      [],
    );
  });

  it('refuses a month of more than 100,000 entries, yet still records a new one (spend is never dropped)', async () => {
    const line = `${JSON.stringify(entry())}\n`;
    const store = await ledgerWith(encode(line.repeat(MAX_LEDGER_ENTRIES)));
    assert.equal(
      (await readUsage({ store, folder: FOLDER, month: '2026-11' })).entries.length,
      MAX_LEDGER_ENTRIES,
      'at the cap it is read',
    );
    await appendUsage({ store, folder: FOLDER, entry: entry() });
    await assert.rejects(
      readUsage({ store, folder: FOLDER, month: '2026-11' }),
      tooLarge(/has 100,001 entries, over the 100,000 Image Studio reads/),
    );
  });
});

describe('bounded input: batch records', () => {
  const request = parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt: 'a kite', quality: 'low' });
  const item = (i: number, prompt = 'a kite') => ({
    customId: `line-${i}`,
    line: i,
    request: { ...(request.kind === 'generate' ? request : ({} as never)), prompt },
  });

  async function recordWith(bytes: Uint8Array): Promise<MemoryFileStore> {
    const store = new MemoryFileStore();
    await store.createDirectory('/ws/.imagestudio/batches');
    await store.writeFile('/ws/.imagestudio/batches/batch_abc.json', bytes);
    store.calls.length = 0;
    return store;
  }

  it('refuses a record over 64 MB unread, and one of more than 50,000 requests, naming the file', async () => {
    const big = await recordWith(new Uint8Array(MAX_BATCH_RECORD_BYTES + 16_000_000));
    await assert.rejects(
      readBatchRecord({ store: big, workspaceRoot: ROOT }, 'batch_abc'),
      tooLarge(
        /^The batch record \/ws\/\.imagestudio\/batches\/batch_abc\.json is 80 MB, over the 64 MB Image Studio reads/,
      ),
    );
    assert.deepEqual(
      big.calls.filter((call) => call.startsWith('readFile')),
      [],
    );
    const many = await recordWith(
      encode(
        JSON.stringify({
          version: 1,
          batchId: 'batch_abc',
          items: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ({})),
        }),
      ),
    );
    await assert.rejects(
      readBatchRecord({ store: many, workspaceRoot: ROOT }, 'batch_abc'),
      tooLarge(/batch_abc\.json has 50,001 requests, over the 50,000/),
    );
  });

  it('refuses, before a batch is sent, one whose record would pass those caps', () => {
    assert.throws(
      () => checkBatchRecordRoom(Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => item(i + 1))),
      tooLarge(
        /^Nothing was sent: 50,001 requests is over the 50,000 one batch record holds\. Split the prompts file\./,
      ),
    );
    assert.throws(
      () => checkBatchRecordRoom(Array.from({ length: 2_000 }, (_, i) => item(i + 1, 'x'.repeat(32_000)))),
      tooLarge(/^Nothing was sent: the record of this batch would be about \d+ MB, over the 64 MB/),
    );
    checkBatchRecordRoom([item(1)]);
  });
});
