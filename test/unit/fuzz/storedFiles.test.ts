import { strict as assert } from 'node:assert';
import { posix } from 'node:path';
import * as fc from 'fast-check';
import { BATCH_RECORDS_FOLDER, readBatchRecord } from '../../../src/cli/batchRecord';
import { ImageStudioError } from '../../../src/core/errors';
import { isSafeRelativeFolder } from '../../../src/core/files/fileName';
import { OUTPUT_FORMATS } from '../../../src/facts/imageOptions';
import {
  appendManifestEntry,
  findMissingImages,
  MANIFEST_RELATIVE_PATH,
  manifestEntrySchema,
  readManifest,
  type ManifestEntry,
} from '../../../src/core/files/manifest';
import { MemoryFileStore } from '../../support/memoryFileStore';
import {
  appendUsage,
  monthOf,
  promptPreview,
  readUsage,
  usageEntrySchema,
  usageTotals,
  type UsageEntry,
} from '../../../src/core/spend/usageLedger';
import { HOSTILE_PIECES, hostilePath, hostileText, printable } from './arbitraries';
import { checkProperty } from './checkProperty';

const WORKSPACE = '/ws';
const MANIFEST = posix.join(WORKSPACE, MANIFEST_RELATIVE_PATH);
const LEDGER = '/global/usage';
const NOW = new Date(2026, 10, 30, 9, 5, 7);
const WRITES = /^(writeFile|renameNoOverwrite|createDirectory|delete) /;

/** The paths a store was asked to change. */
function writesOf(store: MemoryFileStore): string[] {
  return store.calls.filter((call) => WRITES.test(call)).map((call) => call.slice(call.indexOf(' ') + 1));
}

function assertOnlyImageStudioError(err: unknown, what: string, fileName: string): void {
  assert.ok(
    err instanceof ImageStudioError,
    `${what} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
  );
  assert.ok(err.message.includes(fileName), `the error does not name ${fileName}: ${err.message}`);
}

// ---- arbitrary valid entries ----

/** A normalised workspace-relative path that stays inside (what every path in the manifest must be). */
function isSafeWorkspacePath(file: string): boolean {
  try {
    return isSafeRelativeFolder(file) === file && file !== '.' && file.length <= 1000;
  } catch {
    return false;
  }
}

/** A workspace path the manifest accepts, from the hostile path generator. */
const workspaceFile = hostilePath('/ws').filter(isSafeWorkspacePath);
const isoTime = fc
  .date({ min: new Date(1970, 0, 1), max: new Date(9999, 0, 1), noInvalidDate: true })
  .map((date) => date.toISOString());
// JSON has no -0: a cost of -0 reads back as 0, which is the same amount.
const dollars = fc
  .double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })
  .map((usd) => (Object.is(usd, -0) ? 0 : usd));
const shortText = (max: number): fc.Arbitrary<string> =>
  hostileText({ maxPieces: 4, allowLong: false })
    .map((text) => text.slice(0, max))
    .filter((text) => text.length > 0);

const manifestEntry: fc.Arbitrary<ManifestEntry> = fc
  .record(
    {
      id: fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), shortText(100)),
      file: workspaceFile,
      prompt: hostileText().map((text) => text.slice(0, 4000)),
      model: shortText(200),
      kind: fc.constantFrom('generate', 'edit'),
      options: fc.record(
        {
          size: shortText(20),
          quality: shortText(20),
          background: shortText(20),
          outputFormat: fc.constantFrom(...OUTPUT_FORMATS),
          outputCompression: fc.integer({ min: 0, max: 100 }),
          moderation: shortText(20),
        },
        { requiredKeys: ['size', 'quality', 'background', 'outputFormat'], noNullPrototype: true },
      ),
      requestHash: fc.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: isoTime,
      costUsd: dollars,
      usage: fc.record({ inputTokens: fc.nat(), outputTokens: fc.nat() }, { noNullPrototype: true }),
      inputFiles: fc.array(workspaceFile, { maxLength: 3 }),
      maskFile: workspaceFile,
    },
    {
      requiredKeys: ['id', 'file', 'prompt', 'model', 'kind', 'options', 'requestHash', 'createdAt'],
      noNullPrototype: true,
    },
  )
  .filter((entry) => manifestEntrySchema.safeParse(entry).success);

const usageEntry: fc.Arbitrary<UsageEntry> = fc.record(
  {
    at: fc.oneof(
      isoTime,
      fc
        .date({ min: new Date(2026, 0, 1), max: new Date(2026, 11, 31), noInvalidDate: true })
        .map((date) => date.toISOString()),
    ),
    model: shortText(200),
    kind: fc.constantFrom('generate', 'edit'),
    images: fc.nat({ max: 10 }),
    inputTokens: fc.nat(),
    outputTokens: fc.nat(),
    costUsd: dollars,
    estimated: fc.boolean(),
    requestId: shortText(200),
    cached: fc.boolean(),
    promptPreview: hostileText(),
  },
  {
    requiredKeys: [
      'at',
      'model',
      'kind',
      'images',
      'inputTokens',
      'outputTokens',
      'costUsd',
      'estimated',
      'cached',
      'promptPreview',
    ],
    noNullPrototype: true,
  },
);

// ---- arbitrary and damaged file contents ----

type Edit = { readonly at: number; readonly op: 'cut' | 'insert' | 'delete' | 'replace'; readonly text: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('cut', 'insert', 'delete', 'replace'),
  text: fc.oneof(
    fc.constantFrom(
      ...HOSTILE_PIECES,
      '{',
      '}',
      '[',
      ']',
      ',',
      '"',
      ':',
      'null',
      '1e999',
      '-1',
      '\\u0000',
      '\\ud800',
      '"version": 2',
    ),
    fc.string({ maxLength: 4 }),
  ),
});

/** Text edits as a bad merge, a crash mid-write or a hand edit makes them. */
function damage(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const { at, op, text: piece } of edits) {
    const position = result.length === 0 ? 0 : at % (result.length + 1);
    if (op === 'cut') result = result.slice(0, position);
    else if (op === 'insert') result = `${result.slice(0, position)}${piece}${result.slice(position)}`;
    else if (op === 'delete') result = `${result.slice(0, position)}${result.slice(position + piece.length)}`;
    else result = `${result.slice(0, position)}${piece}${result.slice(position + piece.length)}`;
  }
  return result;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What a committed file may hold: random bytes, random JSON, or a valid file damaged by a few edits. */
function fileBytes(valid: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map(encode) },
    { weight: 1, arbitrary: valid.map(encode) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(valid, fc.array(edit, { minLength: 1, maxLength: 4 }))
        .map(([text, edits]) => encode(damage(text, edits))),
    },
  );
}

const validManifest = fc
  .array(manifestEntry, { maxLength: 4 })
  .map((images) => `${JSON.stringify({ version: 1, images }, null, 2)}\n`);

describe('fuzz: manifest, ledger and batch files read back', function () {
  this.timeout(120_000);

  it('readManifest of any bytes: safe entries, a corrupt report or an error naming the file; no writes', async () => {
    await checkProperty(
      'readManifest of any bytes',
      fc.asyncProperty(fileBytes(validManifest), async (bytes) => {
        const store = new MemoryFileStore();
        await store.createDirectory(posix.dirname(MANIFEST));
        await store.writeFile(MANIFEST, bytes);
        store.calls.length = 0;
        const location = { store, workspaceRoot: WORKSPACE };
        const outcome = await readManifest(location).then(
          (read) => ({ read }),
          (err: unknown) => ({ err }),
        );
        if ('err' in outcome) {
          assertOnlyImageStudioError(outcome.err, 'readManifest', 'manifest.json');
        } else {
          const { read } = outcome;
          assert.equal(read.path, MANIFEST);
          if (read.corrupt) {
            assert.deepEqual(read.manifest.images, [], 'a corrupt manifest yields no entries');
            assert.ok(read.corrupt.message.includes('manifest.json'), read.corrupt.message);
          }
          for (const entry of read.manifest.images) {
            for (const file of [
              entry.file,
              ...(entry.inputFiles ?? []),
              ...(entry.maskFile !== undefined ? [entry.maskFile] : []),
            ]) {
              assert.ok(isSafeWorkspacePath(file), `an unsafe path was accepted: ${printable(file)}`);
            }
          }
          // The regeneration plan starts here: every missing entry resolves inside the workspace.
          const missing = await findMissingImages(location).then(
            (entries) => entries,
            (err: unknown) => {
              assertOnlyImageStudioError(err, 'findMissingImages', 'manifest.json');
              return [];
            },
          );
          for (const entry of missing)
            assert.ok(isSafeWorkspacePath(entry.file), `an unsafe path is to be regenerated: ${printable(entry.file)}`);
        }
        assert.deepEqual(writesOf(store), [], 'reading the manifest wrote to the workspace');
      }),
    );
  });

  it('entries added with appendManifestEntry read back equal, in order; only .imagestudio/ is written', async () => {
    const entries = fc.uniqueArray(manifestEntry, { maxLength: 4, selector: (entry) => entry.id });
    await checkProperty(
      'manifest round trip',
      fc.asyncProperty(entries, async (images) => {
        const store = new MemoryFileStore();
        await store.createDirectory(WORKSPACE);
        store.calls.length = 0;
        for (const entry of images) await appendManifestEntry({ store, workspaceRoot: WORKSPACE, entry, now: NOW });
        const read = await readManifest({ store, workspaceRoot: WORKSPACE });
        assert.equal(read.corrupt, undefined, read.corrupt?.message);
        assert.deepStrictEqual(read.manifest.images, images);
        for (const path of writesOf(store)) assert.ok(path.startsWith(`${WORKSPACE}/.imagestudio`), `wrote ${path}`);
        // Besides the manifest only `.imagestudio/.gitignore` stays (it keeps locks and temporary files out of git).
        const kept = images.length > 0 ? [`${WORKSPACE}/.imagestudio/.gitignore`, MANIFEST].sort() : [];
        assert.deepEqual([...store.filePaths()].sort(), kept, 'a lock or temporary file was left behind');
      }),
    );
  });

  it('readUsage of any text never throws, keeps valid entries, counts every other non-blank line skipped', async () => {
    const garbage = hostileText({ maxPieces: 6, allowLong: false })
      .map((text) => text.replace(/\n/g, ' '))
      .filter((line) => {
        if (line.trim() === '') return false;
        try {
          return !usageEntrySchema.safeParse(JSON.parse(line)).success;
        } catch {
          return true;
        }
      });
    type Line =
      | { readonly valid: true; readonly entry: UsageEntry }
      | { readonly valid: false; readonly text: string }
      | { readonly blank: true };
    const line: fc.Arbitrary<Line> = fc.oneof(
      {
        weight: 3,
        arbitrary: usageEntry.map((entry) => ({
          valid: true as const,
          entry: usageEntrySchema.parse({ ...entry, promptPreview: promptPreview(entry.promptPreview) }),
        })),
      },
      { weight: 2, arbitrary: garbage.map((text) => ({ valid: false as const, text })) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(usageEntry, fc.array(edit, { minLength: 1, maxLength: 2 }))
          .map(([entry, edits]) => ({
            valid: false as const,
            text: damage(JSON.stringify(entry), edits).replace(/\n/g, ' '),
          }))
          .filter(
            (l) =>
              l.text.trim() !== '' &&
              !usageEntrySchema.safeParse(
                (() => {
                  try {
                    return JSON.parse(l.text);
                  } catch {
                    return undefined;
                  }
                })(),
              ).success,
          ),
      },
      { weight: 1, arbitrary: fc.constantFrom({ blank: true as const }) },
    );
    await checkProperty(
      'readUsage of mixed lines',
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (lines, eol, finalNewline) => {
          const store = new MemoryFileStore();
          await store.createDirectory(LEDGER);
          const text =
            lines.map((l) => ('blank' in l ? '   ' : l.valid ? JSON.stringify(l.entry) : l.text)).join(eol) +
            (finalNewline ? eol : '');
          await store.writeFile(posix.join(LEDGER, 'usage-2026-11.jsonl'), encode(text));
          const read = await readUsage({ store, folder: LEDGER, month: '2026-11' });
          assert.deepStrictEqual(
            read.entries,
            lines.flatMap((l) => ('valid' in l && l.valid ? [l.entry] : [])),
          );
          assert.equal(
            read.skippedLines,
            lines.filter((l) => 'valid' in l && !l.valid).length,
            'every unreadable line is counted',
          );
        },
      ),
    );
  });

  it('usageTotals of any bytes gives finite totals or an ImageStudioError naming the file', async () => {
    const validLedger = fc
      .array(usageEntry, { maxLength: 5 })
      .map((entries) => entries.map((entry) => JSON.stringify(entry)).join('\n'));
    await checkProperty(
      'usageTotals of any bytes',
      fc.asyncProperty(fileBytes(validLedger), async (bytes) => {
        const store = new MemoryFileStore();
        await store.createDirectory(LEDGER);
        await store.writeFile(posix.join(LEDGER, `usage-${monthOf(NOW)}.jsonl`), bytes);
        store.calls.length = 0;
        try {
          const totals = await usageTotals({ store, folder: LEDGER, now: NOW });
          for (const amount of [
            totals.todayUsd,
            totals.monthUsd,
            totals.todayImages,
            totals.monthImages,
            totals.skippedLines,
          ]) {
            assert.ok(Number.isFinite(amount) && amount >= 0, `total ${amount}`);
          }
          assert.ok(totals.recent.length <= 20);
        } catch (err) {
          assertOnlyImageStudioError(err, 'usageTotals', '.jsonl');
        }
        assert.deepEqual(writesOf(store), [], 'reading the ledger wrote to it');
      }),
    );
  });

  it('entries added with appendUsage read back equal, month by month; only the ledger folder is written', async () => {
    await checkProperty(
      'ledger round trip',
      fc.asyncProperty(fc.array(usageEntry, { maxLength: 6 }), async (entries) => {
        const store = new MemoryFileStore();
        for (const entry of entries) await appendUsage({ store, folder: LEDGER, entry });
        const expected = new Map<string, UsageEntry[]>();
        for (const entry of entries) {
          const month = monthOf(new Date(entry.at));
          expected.set(month, [
            ...(expected.get(month) ?? []),
            usageEntrySchema.parse({ ...entry, promptPreview: promptPreview(entry.promptPreview) }),
          ]);
        }
        for (const [month, monthEntries] of expected) {
          const read = await readUsage({ store, folder: LEDGER, month });
          assert.deepStrictEqual(read.entries, monthEntries, month);
          assert.equal(read.skippedLines, 0);
        }
        for (const path of writesOf(store))
          assert.ok(path === LEDGER || path.startsWith(`${LEDGER}/`), `wrote ${path}`);
        assert.equal(
          store.filePaths().filter((path) => !/\/usage-\d{4}-\d{2}\.jsonl$/.test(path)).length,
          0,
          `left behind: ${store.filePaths().join(', ')}`,
        );
      }),
    );
  });

  it('readBatchRecord of any bytes or id: a record, nothing, or an error naming the file; writes nothing', async () => {
    const validRecord = fc.constant(
      JSON.stringify(
        {
          version: 1,
          batchId: 'batch_x',
          inputFileId: 'file-1',
          endpoint: '/v1/images/generations',
          submittedAt: '2026-11-30T09:05:07.000Z',
          outputFolder: 'ignore',
          estimateUsd: 0.01,
          items: [
            {
              customId: 'line-1',
              line: 1,
              request: {
                kind: 'generate',
                prompt: 'a red fox',
                model: 'gpt-image-2',
                n: 1,
                size: '1024x1024',
                quality: 'low',
                background: 'auto',
                outputFormat: 'png',
                moderation: 'auto',
              },
            },
          ],
          saved: {},
          failed: {},
        },
        null,
        2,
      ),
    );
    const batchId = fc.oneof(
      { weight: 4, arbitrary: fc.constant('batch_x') },
      { weight: 1, arbitrary: hostileText({ maxPieces: 3, allowLong: false }) },
    );
    await checkProperty(
      'readBatchRecord of any bytes',
      fc.asyncProperty(fileBytes(validRecord), batchId, async (bytes, id) => {
        const store = new MemoryFileStore();
        const folder = posix.join(WORKSPACE, BATCH_RECORDS_FOLDER);
        await store.createDirectory(folder);
        await store.writeFile(posix.join(folder, 'batch_x.json'), bytes);
        store.calls.length = 0;
        try {
          const record = await readBatchRecord({ store, workspaceRoot: WORKSPACE }, id);
          if (record) assert.equal(record.batchId, id);
        } catch (err) {
          assert.ok(
            err instanceof ImageStudioError,
            `readBatchRecord threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
          );
          if (id === 'batch_x')
            assert.ok(err.message.includes('batch_x.json'), `the error does not name the file: ${err.message}`);
        }
        assert.deepEqual(writesOf(store), [], 'reading a batch record wrote to the workspace');
      }),
    );
  });
});
