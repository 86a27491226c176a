/**
 * Saving a finished batch's images into the workspace: each result line matched to its recorded request, its
 * batch-priced cost put in the ledger first (the API made it: it is billed whether or not saving works), then its
 * images saved through the engine (checked, atomic, kept in the recovery folder on failure) and listed in the
 * manifest. The record notes every recorded and saved line at once, so fetching again counts and saves nothing twice.
 */
import { costFromUsage, estimateCost } from '../core/spend/estimateCost';
import type { ImageRequest } from '../core/request/imageRequest';
import type { FileStore } from '../core/files/fileStore';
import { withFileLock } from '../core/files/fileLock';
import { rememberSavedImages } from '../core/files/imageCache';
import { resolveOutputFolder } from '../core/files/outputFolder';
import { spendNoteText } from '../core/errorText';
import { recordSpend } from '../core/spend/recordSpend';
import { saveGeneratedImages } from '../core/engine/saveGeneratedImages';
import { MAX_RECEIVED_IMAGE_BYTES } from '../core/files/saveImage';
import { decodeBase64Strict } from '../core/request/imageBytes';
import type { UsageEntry } from '../core/spend/usageLedger';
import type { BatchResultLine } from './batchOutput';
import { batchRecordPath, readBatchRecord, writeBatchRecord, type BatchRecord } from './batchRecord';

export interface SaveBatchResultsDeps {
  readonly store: FileStore;
  readonly workspaceRoot: string;
  readonly ledgerFolder: string;
  readonly recoveryFolder: string;
  /** The private cache index, so a later identical request can reuse what the batch made. */
  readonly cacheFolder: string;
  readonly now: () => Date;
}

export interface BatchFetchReport {
  /** Absolute store paths saved by this fetch. */
  readonly saved: string[];
  /** custom_ids already saved by an earlier fetch. */
  alreadySaved: number;
  readonly failed: { readonly customId: string; readonly line?: number; readonly message: string }[];
  readonly warnings: string[];
  costUsd: number;
}

/**
 * Saves what `results` holds for the recorded batch, under a lock on its record so two fetches cannot both save a line.
 */
export async function saveBatchResults(
  deps: SaveBatchResultsDeps,
  batchId: string,
  results: readonly BatchResultLine[],
): Promise<BatchFetchReport> {
  const location = { store: deps.store, workspaceRoot: deps.workspaceRoot };
  return withFileLock({ store: deps.store, path: await batchRecordPath(location, batchId) }, async () => {
    // Read under the lock: another fetch may have saved lines meanwhile.
    const record = await readBatchRecord(location, batchId);
    if (!record) throw new Error(`No record of batch ${batchId} in this workspace.`);
    const report: BatchFetchReport = { saved: [], alreadySaved: 0, failed: [], warnings: [], costUsd: 0 };
    const folder = await resolveOutputFolder({ ...location, outputFolder: record.outputFolder });
    for (const result of results) {
      if (result.kind === 'unreadable') {
        report.failed.push({ customId: '?', message: `result line ${result.lineNumber} is ${result.message}` });
        continue;
      }
      const item = record.items.find((i) => i.customId === result.customId);
      if (!item) {
        report.warnings.push(
          `The result for ${JSON.stringify(result.customId)} matches no request of this batch; ignored.`,
        );
        continue;
      }
      if (record.saved[item.customId]) {
        report.alreadySaved++;
        continue;
      }
      if (result.kind === 'failed') {
        if (result.mayHaveBilled === true) {
          const estimate = estimateCost(item.request, { batch: true });
          await recordOnce(
            deps,
            record,
            item.customId,
            report,
            lineEntry(item.request, deps.now(), {
              images: 0,
              cost: estimate,
              estimated: true,
              requestId: result.requestId,
              possiblyBilled: true,
            }),
          );
        }
        record.failed[item.customId] = result.message;
        report.failed.push({ customId: item.customId, line: item.line, message: result.message });
        continue;
      }
      await saveLine(deps, { record, folder, item, result, report });
      await writeBatchRecord(location, record);
    }
    await writeBatchRecord(location, record);
    return report;
  });
}

interface SaveLineInput {
  readonly record: BatchRecord;
  readonly folder: string;
  readonly item: BatchRecord['items'][number];
  readonly result: Extract<BatchResultLine, { kind: 'images' }>;
  readonly report: BatchFetchReport;
}

async function saveLine(deps: SaveBatchResultsDeps, input: SaveLineInput): Promise<void> {
  const { record, item, result, report } = input;
  const request = item.request;
  const actual = costFromUsage(request.model, result.body.usage, { batch: true });
  const cost = actual ?? estimateCost(request, { batch: true });
  const now = deps.now();
  await recordOnce(
    deps,
    record,
    item.customId,
    report,
    lineEntry(request, now, {
      images: result.body.data.length,
      cost,
      estimated: actual === undefined || actual.estimated,
      requestId: result.requestId,
    }),
  );
  const { images, notices } = await saveGeneratedImages({
    store: deps.store,
    workspaceRoot: deps.workspaceRoot,
    folder: input.folder,
    recoveryFolder: deps.recoveryFolder,
    now,
    request,
    images: result.body.data.map((d) => decodeBase64Strict(d.b64_json, MAX_RECEIVED_IMAGE_BYTES)),
    answered: result.body,
    cost,
  });
  await rememberSavedImages({
    index: { store: deps.store, folder: deps.cacheFolder },
    workspaceRoot: deps.workspaceRoot,
    request,
    images,
    now,
  });
  record.saved[item.customId] = {
    files: images.map((i) => i.path),
    manifestIds: images.map((i) => i.manifestId),
    costUsd: cost.usd,
  };
  delete record.failed[item.customId];
  report.saved.push(...images.map((i) => i.path));
  report.warnings.push(...notices, ...images.flatMap((i) => i.warnings));
  report.costUsd += cost.usd;
}

/**
 * Puts a line's cost in the ledger unless an earlier fetch did, and notes it in the record at once: a save that then
 * fails leaves it counted, and the fetch that finally saves the line does not count it again.
 */
async function recordOnce(
  deps: SaveBatchResultsDeps,
  record: BatchRecord,
  customId: string,
  report: BatchFetchReport,
  entry: UsageEntry,
): Promise<void> {
  if (record.recorded[customId] !== undefined) return;
  const problem = await recordSpend({ store: deps.store, folder: deps.ledgerFolder }, entry);
  if (problem !== undefined) {
    report.warnings.push(spendNoteText(problem));
    return;
  }
  record.recorded[customId] = entry.costUsd;
  await writeBatchRecord({ store: deps.store, workspaceRoot: deps.workspaceRoot }, record);
}

interface LineSpend {
  readonly images: number;
  readonly cost: { readonly usd: number; readonly inputTokens: number; readonly outputTokens: number };
  readonly estimated: boolean;
  readonly requestId?: string | undefined;
  readonly possiblyBilled?: true;
}

function lineEntry(request: ImageRequest, at: Date, spend: LineSpend): UsageEntry {
  return {
    at: at.toISOString(),
    model: request.model,
    kind: 'generate',
    images: spend.images,
    inputTokens: spend.cost.inputTokens,
    outputTokens: spend.cost.outputTokens,
    costUsd: spend.cost.usd,
    estimated: spend.estimated,
    ...(spend.requestId ? { requestId: spend.requestId } : {}),
    cached: false,
    promptPreview: request.prompt,
    ...(spend.possiblyBilled ? { possiblyBilled: true } : {}),
  };
}
