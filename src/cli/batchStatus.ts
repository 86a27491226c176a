/** `image-studio batch status <id>`: where a batch is, with its request counts and what was fetched already. */
import { redact, redactDeep } from '../core/secrets/redact';
import { openApiClient } from './apiClient';
import { parseBatchIdArgs } from './batchFlags';
import { readBatchRecord } from './batchRecord';
import { EXIT, type CliCommand } from './cliIo';
import { batchStatusHelp } from './help/batchStatusHelp';
import { reportError } from './reportError';

const USAGE = batchStatusHelp.usage;

export const batchStatusCommand: CliCommand = {
  ...batchStatusHelp,
  async run(args, io) {
    let secrets: readonly string[] = [];
    try {
      const parsed = parseBatchIdArgs(args, io, batchStatusCommand.help);
      if (!parsed) return EXIT.ok;
      const { id, flags, location } = parsed;
      const record = await readBatchRecord(location, id);
      const api = await openApiClient(io, flags['base-url']);
      secrets = api.secrets;
      const batch = await api.call(record?.items[0]?.request.model ?? '', () =>
        api.client.batches.retrieve(id, { signal: io.signal }),
      );
      const counts = batch.request_counts ?? { total: 0, completed: 0, failed: 0 };
      const fetched = record ? Object.keys(record.saved).length : undefined;
      if (flags.json) {
        // Everything here is the API's text: redacted like an error message before it reaches the terminal (K5).
        io.stdout(
          JSON.stringify(
            redactDeep(
              {
                batchId: batch.id,
                status: batch.status,
                requestCounts: counts,
                outputFileId: batch.output_file_id ?? null,
                errorFileId: batch.error_file_id ?? null,
                errors: batch.errors?.data ?? [],
                fetched: fetched ?? null,
              },
              secrets,
            ),
          ) + '\n',
        );
        return EXIT.ok;
      }
      const lines = [
        `${batch.id}: ${batch.status}, ${counts.completed} of ${counts.total} done, ${counts.failed} failed.`,
      ];
      for (const error of batch.errors?.data ?? [])
        lines.push(`  input line ${error.line ?? '?'}: ${error.message ?? error.code ?? 'invalid'}`);
      if (record === undefined)
        lines.push(
          'No record of this batch in this workspace: fetch it from the workspace it was submitted in (or pass ' +
            '--workspace).',
        );
      else if (batch.status === 'completed')
        lines.push(
          fetched === 0
            ? `Save the images with: image-studio batch fetch ${batch.id}`
            : `Fetched ${fetched} of ${record.items.length} requests.`,
        );
      io.stdout(`${redact(lines.join('\n'), secrets)}\n`);
      return EXIT.ok;
    } catch (err) {
      return reportError(io, err, secrets, USAGE);
    }
  },
};
