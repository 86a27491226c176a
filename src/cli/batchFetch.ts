/**
 * `image-studio batch fetch <id>`: downloads a finished batch's results and saves its images into the workspace, once.
 */
import { ImageStudioError } from '../core/errors';
import { formatUsd } from '../core/spend/estimateCost';
import { redact, redactDeep } from '../core/secrets/redact';
import { openApiClient, type ApiClient } from './apiClient';
import { parseBatchIdArgs } from './batchFlags';
import { parseBatchResults } from './batchOutput';
import { readBatchRecord } from './batchRecord';
import { cliFolders } from './cliConfig';
import { EXIT, type CliCommand, type CliIo } from './cliIo';
import { batchFetchHelp } from './help/batchFetchHelp';
import { reportError } from './reportError';
import { saveBatchResults, type BatchFetchReport } from './saveBatchResults';
import { displayPath } from './storePath';

const USAGE = batchFetchHelp.usage;
/** Statuses after which the output file is final (a cancelled or expired batch keeps what finished). */
const FINISHED = new Set(['completed', 'cancelled', 'expired']);

export const batchFetchCommand: CliCommand = {
  ...batchFetchHelp,
  async run(args, io) {
    let secrets: readonly string[] = [];
    try {
      const parsed = parseBatchIdArgs(args, io, batchFetchCommand.help);
      if (!parsed) return EXIT.ok;
      const {
        id,
        flags,
        location: { store, workspaceRoot },
      } = parsed;
      const record = await readBatchRecord({ store, workspaceRoot }, id);
      if (!record)
        throw new ImageStudioError({
          kind: 'batch-record-missing',
          batchId: id,
          folder: `${displayPath(workspaceRoot, io.cwd) || '.'}/.imagestudio/batches`,
        });
      const api = await openApiClient(io, flags['base-url']);
      secrets = api.secrets;
      const model = record.items[0]?.request.model ?? '';
      const batch = await api.call(model, () => api.client.batches.retrieve(id, { signal: io.signal }));
      if (!FINISHED.has(batch.status)) {
        const counts = batch.request_counts;
        const inputErrors =
          batch.errors?.data?.map((e) => `input line ${e.line ?? '?'}: ${e.message ?? e.code ?? 'invalid'}`) ?? [];
        throw new ImageStudioError({
          kind: 'batch-not-finished',
          batchId: id,
          status: batch.status,
          ...(counts ? { counts: { completed: counts.completed, total: counts.total } } : {}),
          inputErrors,
        });
      }
      const results = [
        ...(batch.output_file_id ? parseBatchResults(await download(api, model, batch.output_file_id, io)) : []),
        ...(batch.error_file_id ? parseBatchResults(await download(api, model, batch.error_file_id, io)) : []),
      ];
      const report = await saveBatchResults({ store, workspaceRoot, ...cliFolders(io), now: io.now }, id, results);
      // Failure messages and custom ids come from the batch's result files: the API's text, redacted (K5).
      io.stdout(
        flags.json
          ? `${JSON.stringify(redactDeep(jsonReport(io, report), secrets))}\n`
          : redact(describe(io, report), secrets),
      );
      for (const warning of report.warnings) io.stderr(`warning: ${redact(warning, secrets)}\n`);
      return report.failed.length > 0 ? EXIT.failure : EXIT.ok;
    } catch (err) {
      return reportError(io, err, secrets, USAGE);
    }
  },
};

async function download(api: ApiClient, model: string, fileId: string, io: CliIo): Promise<string> {
  return api.call(model, async () => (await api.client.files.content(fileId, { signal: io.signal })).text());
}

function describe(io: CliIo, report: BatchFetchReport): string {
  const lines = report.saved.map((p) => displayPath(p, io.cwd));
  for (const failure of report.failed)
    lines.push(
      `failed: ${failure.line !== undefined ? `prompts line ${failure.line} ` : ''}(${failure.customId}): ` +
        `${failure.message}`,
    );
  const already =
    report.alreadySaved > 0
      ? ` (${report.alreadySaved} request${report.alreadySaved === 1 ? ' was' : 's were'} saved by an earlier fetch)`
      : '';
  lines.push(
    `Saved ${report.saved.length} image${report.saved.length === 1 ? '' : 's'}${already}. Cost: ` +
      `${formatUsd(report.costUsd)} at the batch price.`,
  );
  return `${lines.join('\n')}\n`;
}

function jsonReport(io: CliIo, report: BatchFetchReport) {
  return {
    saved: report.saved.map((p) => displayPath(p, io.cwd)),
    alreadySaved: report.alreadySaved,
    failed: report.failed,
    warnings: report.warnings,
    costUsd: report.costUsd,
  };
}
