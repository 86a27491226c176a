import { strict as assert } from 'node:assert';
import { MemoryFileStore } from '../../../support/memoryFileStore';
import { budgetTotals } from '../../../../src/core/spend/budgetTotals';
import { combinedUsageTotals } from '../../../../src/core/spend/combinedUsage';
import { describeUsageEntry } from '../../../../src/core/spend/spendSummary';
import { appendUsage, MAX_LEDGER_BYTES, monthOf, type UsageEntry } from '../../../../src/core/spend/usageLedger';

const EXTENSION = '/global/usage';
const CLI = '/home/a/.config/image-studio/usage';
const now = new Date(2026, 11, 4, 12, 0, 0);

function usage(minutesAgo: number, overrides: Partial<UsageEntry> = {}): UsageEntry {
  return {
    at: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
    model: 'gpt-image-2',
    kind: 'generate',
    images: 1,
    inputTokens: 10,
    outputTokens: 272,
    costUsd: 0.25,
    estimated: false,
    cached: false,
    promptPreview: `made ${minutesAgo} minutes ago`,
    ...overrides,
  };
}

/** Both ledgers in one store, as on one machine: the extension's two lines, the CLI's two (one by an agent). */
async function twoLedgers(): Promise<MemoryFileStore> {
  const store = new MemoryFileStore();
  await appendUsage({ store, folder: EXTENSION, entry: usage(30) });
  await appendUsage({ store, folder: EXTENSION, entry: usage(10, { possiblyBilled: true, costUsd: 0.5 }) });
  await appendUsage({ store, folder: CLI, entry: usage(20) });
  await appendUsage({
    store,
    folder: CLI,
    entry: usage(5, { agent: { via: 'mcp', tool: 'generate_image', client: 'claude-code' } }),
  });
  return store;
}

describe('combined usage: the extension counts the CLI and MCP spend of the same account', () => {
  it('adds the ledgers up and merges their recent entries newest first, each marked by where it ran', async () => {
    const store = await twoLedgers();
    const combined = await combinedUsageTotals({
      ledgers: [
        { source: 'extension', store, folder: EXTENSION, required: true },
        { source: 'cli', store, folder: CLI },
      ],
      now,
    });
    assert.equal(combined.monthUsd, 1.25);
    assert.equal(combined.monthImages, 4);
    assert.equal(combined.monthPossiblyBilledUsd, 0.5);
    assert.deepEqual(
      combined.recent.map((e) => `${e.source}:${e.promptPreview}:${e.agent?.client ?? ''}`),
      [
        'cli:made 5 minutes ago:claude-code',
        'extension:made 10 minutes ago:',
        'cli:made 20 minutes ago:',
        'extension:made 30 minutes ago:',
      ],
    );
    assert.deepEqual(combined.unreadable, []);
    const detail = describeUsageEntry(combined.recent[0]!).detail;
    assert.match(detail, / · CLI · by an agent: Claude Code · generate_image$/);
  });

  it('leaves out a CLI ledger it cannot read, saying so, but fails on its own', async () => {
    const store = await twoLedgers();
    await store.writeFile(`${CLI}/usage-${monthOf(now)}.jsonl`, new Uint8Array(MAX_LEDGER_BYTES + 1));
    const combined = await combinedUsageTotals({
      ledgers: [
        { source: 'extension', store, folder: EXTENSION, required: true },
        { source: 'cli', store, folder: CLI },
      ],
      now,
    });
    assert.equal(combined.monthUsd, 0.75);
    assert.equal(combined.unreadable.length, 1);
    assert.equal(combined.unreadable[0]?.source, 'cli');
    assert.match(combined.unreadable[0]?.message ?? '', /usage ledger/);
    await assert.rejects(
      combinedUsageTotals({ ledgers: [{ source: 'extension', store, folder: CLI, required: true }], now }),
      /usage ledger/,
    );
  });

  it('weighs the budget on both ledgers; an unreadable CLI ledger refuses only when a cap is set', async () => {
    const store = await twoLedgers();
    const options = { own: { store, folder: EXTENSION }, counted: [{ store, folder: CLI }], now };
    assert.deepEqual(await budgetTotals({ ...options, capped: true }), { monthUsd: 1.25 });
    await store.writeFile(`${CLI}/usage-${monthOf(now)}.jsonl`, new Uint8Array(MAX_LEDGER_BYTES + 1));
    await assert.rejects(budgetTotals({ ...options, capped: true }), /usage ledger/);
    assert.deepEqual(await budgetTotals({ ...options, capped: false }), { monthUsd: 0.75 });
  });
});
