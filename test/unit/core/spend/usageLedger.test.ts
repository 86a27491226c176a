import { strict as assert } from 'node:assert';
import { MemoryFileStore } from '../../../support/memoryFileStore';
import {
  appendUsage,
  promptPreview,
  readUsage,
  type UsageEntry,
  usageTotals,
} from '../../../../src/core/spend/usageLedger';

const FOLDER = '/global/usage';
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Local-time dates, so the test holds in every time zone. */
function local(month: number, day: number, hour = 12): Date {
  return new Date(2026, month - 1, day, hour, 0, 0);
}

function usage(at: Date, overrides: Partial<UsageEntry> = {}): UsageEntry {
  return {
    at: at.toISOString(),
    model: 'gpt-image-2',
    kind: 'generate',
    images: 1,
    inputTokens: 10,
    outputTokens: 272,
    costUsd: 0.01,
    estimated: false,
    cached: false,
    promptPreview: 'a red fox',
    ...overrides,
  };
}

describe('usage ledger', () => {
  it("appends JSON lines to the file of the entry's local month", async () => {
    const store = new MemoryFileStore();
    await appendUsage({ store, folder: FOLDER, entry: usage(local(11, 30, 23), { requestId: 'req_1' }) });
    await appendUsage({ store, folder: FOLDER, entry: usage(local(12, 1, 0)) });
    assert.deepEqual(store.filePaths(), ['/global/usage/usage-2026-11.jsonl', '/global/usage/usage-2026-12.jsonl']);
    const lines = text(await store.readFile('/global/usage/usage-2026-11.jsonl')).split('\n');
    assert.deepEqual(lines.length, 2);
    assert.deepEqual(JSON.parse(lines[0] ?? ''), usage(local(11, 30, 23), { requestId: 'req_1' }));
    assert.deepEqual((await readUsage({ store, folder: FOLDER, month: '2026-12' })).entries, [usage(local(12, 1, 0))]);
  });

  it('counts a possibly billed entry at its estimate, and reads older lines without the field as billed', async () => {
    const store = new MemoryFileStore();
    // A line as Image Studio wrote it before possibly billed requests were recorded.
    await store.createDirectory(FOLDER);
    await store.writeFile(
      `${FOLDER}/usage-2026-11.jsonl`,
      new TextEncoder().encode(`${JSON.stringify(usage(local(11, 2, 9), { costUsd: 0.5 }))}\n`),
    );
    await appendUsage({
      store,
      folder: FOLDER,
      entry: usage(local(11, 2, 10), { costUsd: 0.25, images: 0, estimated: true, possiblyBilled: true }),
    });
    const read = await readUsage({ store, folder: FOLDER, month: '2026-11' });
    assert.deepEqual(
      read.entries.map((e) => e.possiblyBilled),
      [undefined, true],
    );
    const totals = await usageTotals({ store, folder: FOLDER, now: local(11, 2, 11) });
    assert.deepEqual(
      [
        totals.todayUsd,
        totals.monthUsd,
        totals.todayPossiblyBilledUsd,
        totals.monthPossiblyBilledUsd,
        totals.monthImages,
      ],
      [0.75, 0.75, 0.25, 0.25, 1],
    );
  });

  it('totals today and this month across a month boundary, with an injected clock', async () => {
    const store = new MemoryFileStore();
    await appendUsage({ store, folder: FOLDER, entry: usage(local(11, 29), { costUsd: 1 }) });
    await appendUsage({ store, folder: FOLDER, entry: usage(local(11, 30, 23), { costUsd: 2, images: 2 }) });
    await appendUsage({ store, folder: FOLDER, entry: usage(local(12, 1, 0), { costUsd: 4, images: 4 }) });
    await appendUsage({ store, folder: FOLDER, entry: usage(local(12, 1, 9), { costUsd: 0, cached: true }) });

    const lateNovember = await usageTotals({ store, folder: FOLDER, now: local(11, 30, 23) });
    assert.deepEqual(
      [lateNovember.todayUsd, lateNovember.monthUsd, lateNovember.todayImages, lateNovember.monthImages],
      [2, 3, 2, 3],
    );

    const firstOfDecember = await usageTotals({ store, folder: FOLDER, now: local(12, 1, 10) });
    assert.deepEqual(
      [firstOfDecember.todayUsd, firstOfDecember.monthUsd, firstOfDecember.todayImages, firstOfDecember.monthImages],
      [4, 4, 5, 5],
    );
    // Recent reaches back into November, newest first.
    assert.deepEqual(
      firstOfDecember.recent.map((e) => e.costUsd),
      [0, 4, 2, 1],
    );

    const secondOfDecember = await usageTotals({ store, folder: FOLDER, now: local(12, 2) });
    assert.deepEqual([secondOfDecember.todayUsd, secondOfDecember.monthUsd], [0, 4]);
  });

  it('keeps only the last 20 entries in recent', async () => {
    const store = new MemoryFileStore();
    for (let i = 0; i < 25; i++)
      await appendUsage({ store, folder: FOLDER, entry: usage(new Date(2026, 10, 1, 0, i), { costUsd: i }) });
    const totals = await usageTotals({ store, folder: FOLDER, now: local(11, 2) });
    assert.equal(totals.recent.length, 20);
    assert.equal(totals.recent[0]?.costUsd, 24);
    assert.equal(totals.monthUsd, (24 * 25) / 2);
  });

  it('skips a truncated last line and invalid lines, and the next append starts on a fresh line', async () => {
    const store = new MemoryFileStore();
    await appendUsage({ store, folder: FOLDER, entry: usage(local(11, 2), { costUsd: 1 }) });
    const path = '/global/usage/usage-2026-11.jsonl';
    const good = text(await store.readFile(path));
    await store.writeFile(
      path,
      new TextEncoder().encode(
        `${good}{"at":"2026-11-02T10:00:00.000Z","model":"x","costUsd":-5}\nnot json\n{"at":"2026-11-02T1`,
      ),
    );
    assert.deepEqual(await readUsage({ store, folder: FOLDER, month: '2026-11' }), {
      entries: [usage(local(11, 2), { costUsd: 1 })],
      skippedLines: 3,
    });

    await appendUsage({ store, folder: FOLDER, entry: usage(local(11, 3), { costUsd: 2 }) });
    const read = await readUsage({ store, folder: FOLDER, month: '2026-11' });
    assert.deepEqual(
      read.entries.map((e) => e.costUsd),
      [1, 2],
    );
    assert.equal(read.skippedLines, 3);
    assert.equal((await usageTotals({ store, folder: FOLDER, now: local(11, 3) })).monthUsd, 3);
  });

  it('reads a month with no file as empty and refuses a malformed month', async () => {
    const store = new MemoryFileStore();
    assert.deepEqual(await readUsage({ store, folder: FOLDER, month: '2026-01' }), { entries: [], skippedLines: 0 });
    await assert.rejects(readUsage({ store, folder: FOLDER, month: '../../x' }), RangeError);
  });

  it('stores a short, one-line, redacted prompt preview, never a key', async () => {
    const store = new MemoryFileStore();
    const key = `sk-proj-${'A1b2C3d4'.repeat(6)}`;
    await appendUsage({
      store,
      folder: FOLDER,
      entry: usage(local(11, 2), { promptPreview: `a fox\nwith ${key} and ${'x'.repeat(100)}` }),
    });
    const stored = text(await store.readFile('/global/usage/usage-2026-11.jsonl'));
    assert.ok(!stored.includes('A1b2C3d4'), stored);
    const [entry] = (await readUsage({ store, folder: FOLDER, month: '2026-11' })).entries;
    assert.equal(entry?.promptPreview, promptPreview(`a fox\nwith ${key} and ${'x'.repeat(100)}`));
    assert.equal(entry?.promptPreview.length, 60);
    assert.ok(entry?.promptPreview.startsWith('a fox with sk-***'), entry?.promptPreview);
  });
});
