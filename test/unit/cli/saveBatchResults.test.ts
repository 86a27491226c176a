import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parseBatchResults } from '../../../src/cli/batchOutput';
import { readBatchRecord, writeBatchRecord } from '../../../src/cli/batchRecord';
import { saveBatchResults, type SaveBatchResultsDeps } from '../../../src/cli/saveBatchResults';
import { estimateCost } from '../../../src/core/spend/estimateCost';
import { generateRequestSchema, type GenerateRequest } from '../../../src/core/request/imageRequest';
import { createNodeFileStore } from '../../../src/core/files/nodeFileStore';
import { monthOf, readUsage } from '../../../src/core/spend/usageLedger';
import { solidImage } from '../support/images';
import { useTempDir } from '../support/tempDir';

/** Batch lines the API made are billed: the ledger has them before their files are written, and only once. */
describe('cli: saving a batch records its spend first', () => {
  const tempDir = useTempDir();
  const store = createNodeFileStore();
  const now = new Date('2026-11-30T10:00:00Z');
  const request: GenerateRequest = generateRequestSchema.parse({
    kind: 'generate',
    model: 'gpt-image-2',
    prompt: 'a red kite',
    size: '1024x1024',
    quality: 'low',
  });
  let deps: SaveBatchResultsDeps;

  beforeEach(async () => {
    const root = tempDir();
    const workspaceRoot = path.join(root, 'ws');
    mkdirSync(workspaceRoot);
    deps = {
      store,
      workspaceRoot,
      ledgerFolder: path.join(root, 'usage'),
      cacheFolder: path.join(root, 'cache'),
      recoveryFolder: path.join(root, 'recovered'),
      now: () => now,
    };
    await writeBatchRecord(
      { store, workspaceRoot },
      {
        version: 1,
        batchId: 'batch_1',
        inputFileId: 'file_1',
        endpoint: '/v1/images/generations',
        submittedAt: now.toISOString(),
        outputFolder: 'ignore',
        estimateUsd: estimateCost(request, { batch: true }).usd,
        items: [{ customId: 'line-1', line: 1, request }],
        saved: {},
        failed: {},
        recorded: {},
      },
    );
  });

  const ledger = async () => (await readUsage({ store, folder: deps.ledgerFolder, month: monthOf(now) })).entries;
  const outputLine = async (body: unknown): Promise<string> =>
    JSON.stringify({
      id: 'batch_req_1',
      custom_id: 'line-1',
      response: { status_code: 200, request_id: 'req_line1', body },
      error: null,
    });

  it('counts a line whose manifest entry cannot be written, and not again when a later fetch saves it', async () => {
    const b64 = Buffer.from(await solidImage('png', { width: 1024, height: 1024 })).toString('base64');
    const usage = {
      input_tokens: 10,
      output_tokens: 272,
      total_tokens: 282,
      input_tokens_details: { text_tokens: 10, image_tokens: 0 },
    };
    const results = parseBatchResults(
      await outputLine({
        created: 1,
        data: [{ b64_json: b64 }],
        usage,
        size: '1024x1024',
        quality: 'low',
        background: 'opaque',
      }),
    );
    // A folder where the manifest file goes: the image saves, its manifest entry cannot be written.
    const manifestPath = path.join(deps.workspaceRoot, '.imagestudio', 'manifest.json');
    mkdirSync(manifestPath, { recursive: true });
    await assert.rejects(saveBatchResults(deps, 'batch_1', results), /manifest\.json/);
    const counted = await ledger();
    assert.equal(counted.length, 1);
    assert.deepEqual(
      [counted[0]?.images, counted[0]?.requestId, counted[0]?.possiblyBilled],
      [1, 'req_line1', undefined],
    );
    assert.equal((await readBatchRecord(deps, 'batch_1'))?.recorded['line-1'], counted[0]?.costUsd);

    rmSync(manifestPath, { recursive: true });
    const report = await saveBatchResults(deps, 'batch_1', results);
    assert.equal(report.saved.length, 1);
    assert.equal((await ledger()).length, 1, 'counted once');
  });

  it('counts a line answered without image data as possibly billed at the batch estimate, once', async () => {
    const results = parseBatchResults(await outputLine({ created: 1, data: [{}] }));
    for (let fetch = 0; fetch < 2; fetch++) {
      const report = await saveBatchResults(deps, 'batch_1', results);
      assert.match(
        report.failed[0]?.message ?? '',
        /the answer held no image \(request req_line1\); it may have been billed/,
      );
    }
    const [entry, ...more] = await ledger();
    assert.deepEqual(more, []);
    assert.deepEqual(
      [entry?.possiblyBilled, entry?.images, entry?.costUsd],
      [true, 0, estimateCost(request, { batch: true }).usd],
    );
  });

  it('counts nothing for a line the API refused', async () => {
    const refused = JSON.stringify({
      id: 'batch_req_1',
      custom_id: 'line-1',
      response: {
        status_code: 400,
        request_id: 'req_x',
        body: { error: { message: 'Your request was rejected by the safety system.' } },
      },
      error: null,
    });
    const report = await saveBatchResults(deps, 'batch_1', parseBatchResults(refused));
    assert.equal(report.failed.length, 1);
    assert.deepEqual(await ledger(), []);
  });
});
