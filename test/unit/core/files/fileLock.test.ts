import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { withFileLock } from '../../../../src/core/files/fileLock';
import { readManifest } from '../../../../src/core/files/manifest';
import { MemoryFileStore } from '../../../support/memoryFileStore';
import { readUsage, monthOf } from '../../../../src/core/spend/usageLedger';
import { createNodeFileStore } from '../../../../src/core/files/nodeFileStore';
import { useTempDir } from '../../support/tempDir';

const run = promisify(execFile);
const writer = path.join(__dirname, '..', '..', '..', 'support', 'sharedFileWriter.js');

describe('withFileLock', function () {
  this.timeout(60_000);
  const tempDir = useTempDir();

  it('keeps every update when several processes append to the ledger and the manifest at once', async () => {
    const folder = tempDir();
    const processes = 4;
    const each = 12;
    await Promise.all(
      Array.from({ length: processes }, (_, p) => run(process.execPath, [writer, folder, `writer${p}`, String(each)])),
    );
    const store = createNodeFileStore();
    const usage = await readUsage({ store, folder: `${folder}/usage`, month: monthOf(new Date()) });
    assert.equal(usage.entries.length + usage.skippedLines, processes * each, 'a ledger line per append');
    assert.equal(usage.skippedLines, 0);
    const { manifest } = await readManifest({ store, workspaceRoot: folder });
    assert.equal(manifest.images.length, processes * each, 'a manifest entry per append');
    assert.deepEqual(
      (await store.readDirectory(`${folder}/.imagestudio`)).map(([name]) => name),
      ['.gitignore', 'manifest.json'],
      'no lock or temporary file left behind',
    );
  });

  it('waits for the holder, then runs; releases after a task that throws', async () => {
    const store = new MemoryFileStore();
    const order: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = withFileLock(
      { store, path: '/w/file.json' },
      () =>
        new Promise<void>((resolve) => {
          order.push('first start');
          releaseFirst = () => {
            order.push('first end');
            resolve();
          };
        }),
    );
    await new Promise((r) => setTimeout(r, 20));
    const second = withFileLock({ store, path: '/w/file.json' }, () => {
      order.push('second');
      return Promise.resolve();
    });
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(order, ['first start'], 'the second waits while the first holds the lock');
    releaseFirst();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first start', 'first end', 'second']);
    await assert.rejects(
      withFileLock({ store, path: '/w/file.json' }, () => Promise.reject(new Error('task failed'))),
      /task failed/,
    );
    assert.equal(await store.stat('/w/file.json.lock'), undefined, 'released after the failure');
  });

  it('breaks a lock left by a process that died holding it', async () => {
    const store = new MemoryFileStore();
    let clock = 1_000_000;
    await store.createDirectory('/w');
    await store.writeFile(
      '/w/file.json.lock',
      new TextEncoder().encode(JSON.stringify({ token: 'dead', at: clock - 31_000 })),
    );
    let ran = false;
    await withFileLock(
      {
        store,
        path: '/w/file.json',
        now: () => clock,
        sleep: (ms) => {
          clock += ms;
          return Promise.resolve();
        },
      },
      () => {
        ran = true;
        return Promise.resolve();
      },
    );
    assert.equal(ran, true);
    assert.equal(await store.stat('/w/file.json.lock'), undefined);
  });

  it('breaks an unreadable lock, but gives up on a live one with a message that says what to do', async () => {
    const store = new MemoryFileStore();
    let clock = 1_000_000;
    const timing = {
      now: () => clock,
      sleep: (ms: number) => {
        clock += ms;
        return Promise.resolve();
      },
    };
    await store.createDirectory('/w');
    await store.writeFile('/w/a.json.lock', new TextEncoder().encode('{"tok'));
    await withFileLock({ store, path: '/w/a.json', ...timing }, () => Promise.resolve());
    await store.writeFile('/w/b.json.lock', new TextEncoder().encode(JSON.stringify({ token: 'alive', at: clock })));
    await assert.rejects(
      withFileLock({ store, path: '/w/b.json', waitMs: 5_000, staleMs: 1e9, ...timing }, () => Promise.resolve()),
      new RegExp(
        /\/w\/b\.json is locked by another Image Studio window or the CLI .*if nothing else is running, /.source +
          /delete \/w\/b\.json\.lock/.source,
      ),
    );
    assert.ok(await store.stat('/w/b.json.lock'), 'a live lock is left alone');
  });

  describe('a lock no live holder could have written is stale and broken at once', () => {
    const cases: readonly (readonly [string, string])[] = [
      ['dated in the future (a committed lock)', JSON.stringify({ token: 'planted', at: 4_102_444_800_000 })],
      ['dated a second ahead', JSON.stringify({ token: 'ahead', at: 1_000_001_000 })],
      ['with its time missing', JSON.stringify({ token: 'untimed' })],
      ['with its time a string', JSON.stringify({ token: 'stringly', at: '1000000000' })],
      ['with its time not finite', '{"token":"huge","at":1e999}'],
      ['with its time null', JSON.stringify({ token: 'nulled', at: null })],
      ['of garbage JSON', '\u0000\u00ff not json'],
      ['of JSON that is not an object', '[1,2,3]'],
    ];
    for (const [label, content] of cases) {
      it(label, async () => {
        const store = new MemoryFileStore();
        let clock = 1_000_000_000;
        let waited = 0;
        await store.createDirectory('/w');
        await store.writeFile('/w/file.json.lock', new TextEncoder().encode(content));
        let ran = false;
        // A huge stale age and no real sleeping: only the lock's own content can make it stale here.
        await withFileLock(
          {
            store,
            path: '/w/file.json',
            staleMs: 1e12,
            waitMs: 1_000,
            now: () => clock,
            sleep: (ms) => {
              waited++;
              clock += ms;
              return Promise.resolve();
            },
          },
          () => {
            ran = true;
            return Promise.resolve();
          },
        );
        assert.equal(ran, true);
        assert.equal(waited, 0, 'broken without waiting for it');
        assert.deepEqual(store.filePaths(), [], 'no lock, stale or temporary file left');
      });
    }

    it('a folder where the lock should be', async () => {
      const store = new MemoryFileStore();
      await store.createDirectory('/w/file.json.lock');
      await withFileLock(
        { store, path: '/w/file.json', staleMs: 1e12, now: () => 0, sleep: () => Promise.resolve() },
        () => Promise.resolve(),
      );
      assert.equal(await store.stat('/w/file.json.lock'), undefined);
    });
  });

  it('leaves a committed folder with content at the lock path where it is, and says so', async () => {
    const store = new MemoryFileStore();
    await store.createDirectory('/w/file.json.lock');
    await store.writeFile('/w/file.json.lock/committed.txt', new TextEncoder().encode('kept'));
    await assert.rejects(
      withFileLock({ store, path: '/w/file.json', staleMs: 1e12, now: () => 0, sleep: () => Promise.resolve() }, () =>
        Promise.resolve(),
      ),
      /\/w\/file\.json\.lock is a folder, not a lock Image Studio wrote, so it was left as it is\. Move it away/,
    );
    assert.deepEqual(store.filePaths(), ['/w/file.json.lock/committed.txt'], 'not renamed aside, nothing else left');
  });

  it('does not break a lock that another process re-took after seeing an unreadable one', async () => {
    const store = new MemoryFileStore();
    let clock = 1_000_000;
    await store.createDirectory('/w');
    await store.writeFile('/w/c.json.lock', new TextEncoder().encode('torn'));
    // The first look sees the torn lock; by the time the breaker re-reads it, a live holder has replaced it.
    const readFile = store.readFile.bind(store);
    let reads = 0;
    store.readFile = async (path: string) => {
      if (path === '/w/c.json.lock' && ++reads === 2) {
        await store.delete(path);
        await store.writeFile(path, new TextEncoder().encode(JSON.stringify({ token: 'live', at: clock })));
      }
      return readFile(path);
    };
    await assert.rejects(
      withFileLock(
        {
          store,
          path: '/w/c.json',
          waitMs: 1_000,
          staleMs: 1e9,
          now: () => clock,
          sleep: (ms) => {
            clock += ms;
            return Promise.resolve();
          },
        },
        () => Promise.resolve(),
      ),
      /is locked by another Image Studio window/,
    );
    assert.deepEqual(
      JSON.parse(new TextDecoder().decode(await readFile('/w/c.json.lock'))),
      { token: 'live', at: 1_000_000 },
      'the live lock is left alone',
    );
  });
});
