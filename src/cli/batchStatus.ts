/** `image-studio batch status <id>`: where a batch is, with its request counts and what was fetched already. */
import { z } from 'zod';
import { createNodeFileStore } from '../core/nodeFileStore';
import { openApiClient } from './apiClient';
import { BATCH_FLAGS_HELP, batchFlagOptions, batchFlagsShape } from './batchFlags';
import { readBatchRecord } from './batchRecord';
import { EXIT, type CliCommand } from './cliIo';
import { workspaceFrom } from './jobFlags';
import { parseFlags } from './parseFlags';
import { reportError } from './reportError';
import { toStorePath } from './storePath';
import { UsageError } from './usageError';

const USAGE = 'Usage: image-studio batch status <batch-id> [options]';
const flagsSchema = z.object(batchFlagsShape).strict();

export const batchStatusCommand: CliCommand = {
  name: 'status',
  summary: "show a batch's progress",
  help: `${USAGE}

${BATCH_FLAGS_HELP}
`,
  async run(args, io) {
    let secrets: readonly string[] = [];
    try {
      const { flags, positionals, help } = parseFlags(args, batchFlagOptions, flagsSchema);
      if (help) {
        io.stdout(batchStatusCommand.help);
        return EXIT.ok;
      }
      const [id] = positionals;
      if (id === undefined || positionals.length !== 1) throw new UsageError('Give one batch id.');
      const location = { store: createNodeFileStore(), workspaceRoot: toStorePath(workspaceFrom(flags.workspace, io.cwd)) };
      const record = await readBatchRecord(location, id);
      const api = await openApiClient(io, flags['base-url']);
      secrets = api.secrets;
      const batch = await api.call(record?.items[0]?.request.model ?? '', () => api.client.batches.retrieve(id, { signal: io.signal }));
      const counts = batch.request_counts ?? { total: 0, completed: 0, failed: 0 };
      const fetched = record ? Object.keys(record.saved).length : undefined;
      if (flags.json) {
        io.stdout(`${JSON.stringify({ batchId: batch.id, status: batch.status, requestCounts: counts, outputFileId: batch.output_file_id ?? null, errorFileId: batch.error_file_id ?? null, errors: batch.errors?.data ?? [], fetched: fetched ?? null })}\n`);
        return EXIT.ok;
      }
      const lines = [`${batch.id}: ${batch.status}, ${counts.completed} of ${counts.total} done, ${counts.failed} failed.`];
      for (const error of batch.errors?.data ?? []) lines.push(`  input line ${error.line ?? '?'}: ${error.message ?? error.code ?? 'invalid'}`);
      if (record === undefined) lines.push('No record of this batch in this workspace: fetch it from the workspace it was submitted in (or pass --workspace).');
      else if (batch.status === 'completed') lines.push(fetched === 0 ? `Save the images with: image-studio batch fetch ${batch.id}` : `Fetched ${fetched} of ${record.items.length} requests.`);
      io.stdout(`${lines.join('\n')}\n`);
      return EXIT.ok;
    } catch (err) {
      return reportError(io, err, secrets, USAGE);
    }
  },
};
