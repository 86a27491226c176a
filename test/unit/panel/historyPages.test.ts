import { strict as assert } from 'node:assert';
import type { ManifestEntry } from '../../../src/core/files/manifest';
import { HistoryPager, orderHistory, type Availability, type HistoryEntry } from '../../../src/panel/historyPages';

const start = Date.UTC(2026, 0, 1);

function entry(index: number, overrides: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    id: `e${index}`,
    file: `ignore/image-${index}.png`,
    prompt: `image number ${index}`,
    model: 'gpt-image-2',
    kind: 'generate',
    options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
    requestHash: 'a'.repeat(64),
    createdAt: new Date(start + index * 1000).toISOString(),
    ...overrides,
  };
}

/** A pager whose checks are counted, as the host's look at the disk would be. */
function countedPager(
  entries: readonly ManifestEntry[],
  folderName = 'site',
): { pager: HistoryPager<string>; checked: string[] } {
  const checked: string[] = [];
  const check = (item: HistoryEntry<string>): Promise<Availability> => {
    checked.push(item.entry.id);
    return Promise.resolve({ kind: 'available', path: `/ws/${item.entry.file}` });
  };
  return { pager: new HistoryPager(orderHistory([{ folder: folderName, folderName, entries }]), check), checked };
}

describe('panel: the history in pages, checked lazily', () => {
  it('orders newest first from the manifest alone, a later entry winning a tie and the newest of one id', () => {
    const tie = new Date(start).toISOString();
    const ordered = orderHistory([
      {
        folder: 'a',
        folderName: 'a',
        entries: [
          entry(1),
          entry(5),
          entry(2, { createdAt: tie }),
          entry(3, { createdAt: tie }),
          entry(4, { id: 'e5' }),
        ],
      },
      { folder: 'b', folderName: 'b', entries: [entry(9), entry(6, { id: '../not an id' })] },
    ]);
    assert.deepEqual(
      ordered.map((o) => `${o.folder}:${o.entry.id}:${o.entry.file}`),
      [
        'b:e9:ignore/image-9.png',
        'a:e5:ignore/image-5.png',
        'a:e1:ignore/image-1.png',
        'a:e3:ignore/image-3.png',
        'a:e2:ignore/image-2.png',
      ],
    );
  });

  it('checks only the entries a window shows, each once, of 50,000', async () => {
    const entries = Array.from({ length: 50_000 }, (_, i) => entry(i));
    const { pager, checked } = countedPager(entries);
    const first = await pager.window('', 30);
    assert.equal(first.total, 50_000);
    assert.equal(first.matching, 50_000);
    assert.deepEqual(
      first.entries.map((e) => e.entry.entry.id),
      Array.from({ length: 30 }, (_, i) => `e${49_999 - i}`),
    );
    assert.equal(checked.length, 30, 'no other file was looked at');
    const second = await pager.window('', 60);
    assert.equal(second.entries.length, 60);
    assert.equal(checked.length, 60, 'the first page was not checked again');
    assert.equal(new Set(checked).size, 60);
  });

  it('searches every entry without checking them: the oldest match is found, and only it is checked', async () => {
    const entries = Array.from({ length: 20_000 }, (_, i) =>
      entry(i, i === 0 ? { prompt: 'A Lighthouse in the fog' } : {}),
    );
    const { pager, checked } = countedPager(entries);
    const found = await pager.window('lighthouse FOG', 30);
    assert.deepEqual(
      found.entries.map((e) => e.entry.entry.id),
      ['e0'],
    );
    assert.equal(found.matching, 1);
    assert.equal(found.total, 20_000);
    assert.deepEqual(checked, ['e0']);
  });

  it('searches the model, the folder and file, and the size as well as the prompt', async () => {
    const { pager } = countedPager(
      [
        entry(1, { model: 'gpt-image-2.5-flare' }),
        entry(2, { file: 'art/boats/sloop.png' }),
        entry(3, { options: { size: '1536x1024', quality: 'low', background: 'auto', outputFormat: 'png' } }),
      ],
      'harbour',
    );
    const ids = async (query: string) => (await pager.window(query, 30)).entries.map((e) => e.entry.entry.id);
    assert.deepEqual(await ids('flare'), ['e1']);
    assert.deepEqual(await ids('boats/sloop'), ['e2']);
    assert.deepEqual(await ids('1536x1024'), ['e3']);
    assert.deepEqual(await ids('harbour'), ['e3', 'e2', 'e1']);
    assert.deepEqual(await ids('  '), ['e3', 'e2', 'e1']);
    assert.deepEqual(await ids('flare sloop'), []);
  });

  it('makes an entry whose check fails unavailable, without failing the page', async () => {
    const pager = new HistoryPager(
      orderHistory([{ folder: 'a', folderName: 'a', entries: [entry(1), entry(2)] }]),
      (item) =>
        item.entry.id === 'e2'
          ? Promise.reject(new Error('EIO'))
          : Promise.resolve<Availability>({ kind: 'missing', path: '/ws/x' }),
    );
    const page = await pager.window('', 30);
    assert.deepEqual(
      page.entries.map((e) => [e.entry.entry.id, e.availability.kind]),
      [
        ['e2', 'unavailable'],
        ['e1', 'missing'],
      ],
    );
  });

  it('finds any entry by id, shown or not', () => {
    const { pager, checked } = countedPager(Array.from({ length: 100 }, (_, i) => entry(i)));
    assert.equal(pager.find('e0')?.entry.file, 'ignore/image-0.png');
    assert.equal(pager.find('nope'), undefined);
    assert.equal(checked.length, 0);
  });
});

describe('panel: agent marks in the history search', () => {
  const byClaude = entry(1, {
    prompt: 'a lighthouse',
    agent: { via: 'mcp', tool: 'generate_image', client: 'claude-code' },
  });
  const byCopilot = entry(2, { prompt: 'a harbour', agent: { via: 'copilot', tool: 'generate image' } });
  const byHand = entry(3, { prompt: 'a lighthouse by hand' });

  it('finds agents’ images by "agent", the client (as people say it or as it said) and the tool', async () => {
    const { pager } = countedPager([byClaude, byCopilot, byHand]);
    const ids = async (query: string) => (await pager.window(query, 10)).entries.map((e) => e.entry.entry.id);
    assert.deepEqual(await ids('agent'), ['e2', 'e1']);
    assert.deepEqual(await ids('claude code'), ['e1']);
    assert.deepEqual(await ids('claude-code'), ['e1']);
    assert.deepEqual(await ids('generate_image'), ['e1']);
    assert.deepEqual(await ids('copilot'), ['e2']);
    assert.deepEqual(await ids('lighthouse'), ['e3', 'e1']);
    assert.deepEqual(await ids('lighthouse agent'), ['e1']);
  });
});
