/**
 * `image-studio batch submit <prompts-file>`: uploads the requests as Batch API input and records the batch in the
 * workspace.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { toFile } from 'openai';
import * as z from 'zod';
import { ImageStudioError } from '../core/errors';
import { estimateCost, formatUsd, PRICES } from '../core/spend/estimateCost';
import type { FileStore } from '../core/files/fileStore';
import { parseImageRequest, toApiParams, type GenerateRequest } from '../core/request/imageRequest';
import { manifestGrowth } from '../core/files/manifest';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { checkOutputFolder } from '../core/files/outputFolder';
import { redact, redactDeep } from '../core/secrets/redact';
import { checkSaveReady, nothingSentOnFailure } from '../core/files/savePreflight';
import { openApiClient } from './apiClient';
import { batchFlagOptions, batchFlagsShape } from './batchFlags';
import { checkBatchRecordRoom, prepareBatchRecordsFolder, writeBatchRecord, type BatchItem } from './batchRecord';
import { EXIT, type CliCommand, type CliIo } from './cliIo';
import { BATCH_CONFIRM_ABOVE_USD, batchSubmitHelp } from './help/batchSubmitHelp';
import { confirmCost } from './confirmCost';
import { generateOptionsFromFlags, imageFlagOptions, imageFlagsShape, type ImageFlags } from './imageFlags';
import { jobFlagOptions, jobFlagsShape, workspaceFrom } from './jobFlags';
import { parseFlags } from './parseFlags';
import { parsePromptsFile } from './promptsFile';
import { reportError } from './reportError';
import { displayPath, toStorePath } from './storePath';
import { UsageError } from './usageError';

const USAGE = batchSubmitHelp.usage;
export const BATCH_ENDPOINT = '/v1/images/generations';

const flagsSchema = z
  .object({
    ...imageFlagsShape,
    ...batchFlagsShape,
    'output-folder': jobFlagsShape['output-folder'],
    yes: jobFlagsShape.yes,
  })
  .strict();

export const batchSubmitCommand: CliCommand = {
  ...batchSubmitHelp,
  async run(args, io) {
    let secrets: readonly string[] = [];
    try {
      const { flags, positionals, help } = parseFlags(
        args,
        {
          ...imageFlagOptions,
          ...batchFlagOptions,
          'output-folder': jobFlagOptions['output-folder'],
          yes: jobFlagOptions.yes,
        },
        flagsSchema,
      );
      if (help) {
        io.stdout(batchSubmitCommand.help);
        return EXIT.ok;
      }
      if (positionals.length !== 1) throw new UsageError('Give one prompts file.');
      const items = await readItems(io, positionals[0] ?? '', flags);
      const workspace = workspaceFrom(flags.workspace, io.cwd);
      const location = { store: createNodeFileStore(), workspaceRoot: toStorePath(workspace) };
      await checkBatchCanBeKept(location, items, flags['output-folder']);
      const estimateUsd = items.reduce((sum, item) => sum + estimateCost(item.request, { batch: true }).usd, 0);
      const estimate =
        `${items.length} request${items.length === 1 ? '' : 's'}, estimated ${formatUsd(estimateUsd)} at the ` +
        `Batch API price (${Math.round((1 - PRICES.batchDiscount) * 100)}% off)`;
      if (estimateUsd > BATCH_CONFIRM_ABOVE_USD && !(await confirmCost(io, `This batch is ${estimate}.`, flags.yes))) {
        throw new ImageStudioError({ kind: 'cancelled', when: 'unconfirmed' });
      }
      const api = await openApiClient(io, flags['base-url']);
      secrets = api.secrets;
      const model = items[0]?.request.model ?? '';
      const input = await api.call(model, async () =>
        api.client.files.create(
          {
            file: await toFile(Buffer.from(inputJsonl(items)), 'image-studio-batch.jsonl', {
              type: 'application/jsonl',
            }),
            purpose: 'batch',
          },
          { signal: io.signal },
        ),
      );
      const batch = await api.call(model, () =>
        api.client.batches.create(
          {
            input_file_id: input.id,
            endpoint: BATCH_ENDPOINT,
            completion_window: '24h',
            metadata: { tool: 'image-studio' },
          },
          { signal: io.signal },
        ),
      );
      const recordPath = await writeBatchRecord(location, {
        version: 1,
        batchId: batch.id,
        inputFileId: input.id,
        endpoint: BATCH_ENDPOINT,
        submittedAt: io.now().toISOString(),
        outputFolder: flags['output-folder'],
        estimateUsd,
        items,
        saved: {},
        failed: {},
        recorded: {},
      });
      // The ids are the API's text: redacted like an error message before they reach the terminal (K5).
      if (flags.json) {
        io.stdout(
          JSON.stringify(
            redactDeep(
              {
                batchId: batch.id,
                status: batch.status,
                inputFileId: input.id,
                requests: items.length,
                estimateUsd,
                record: displayPath(recordPath, io.cwd),
              },
              secrets,
            ),
          ) + '\n',
        );
      } else {
        io.stdout(
          redact(
            `Submitted batch ${batch.id}: ${estimate}.\nRecorded in ${displayPath(recordPath, io.cwd)}.\nCheck it ` +
              `with: image-studio batch status ${batch.id}\nThen save the images with: image-studio batch fetch ` +
              `${batch.id}\n`,
            secrets,
          ),
        );
      }
      return EXIT.ok;
    } catch (err) {
      return reportError(io, err, secrets, USAGE);
    }
  },
};

/**
 * Before paying: the record must fit what is read back, and its folder, the output folder, `.imagestudio` and the
 * manifest must take what `batch fetch` will save.
 */
async function checkBatchCanBeKept(
  location: { store: FileStore; workspaceRoot: string },
  items: readonly BatchItem[],
  outputFolder: string,
): Promise<void> {
  checkBatchRecordRoom(items);
  // Not created yet: `batch fetch` does that, maybe a day later; one that exists must take files now.
  const output = await nothingSentOnFailure(() => checkOutputFolder({ ...location, outputFolder }));
  const folders = [
    ...(output.exists ? [output.path] : []),
    await nothingSentOnFailure(() => prepareBatchRecordsFolder(location)),
  ];
  const growth = items
    .map((item) => manifestGrowth(item.request.prompt, item.request.n))
    .reduce((sum, g) => ({ entries: sum.entries + g.entries, bytes: sum.bytes + g.bytes }), { entries: 0, bytes: 0 });
  await checkSaveReady({ ...location, folders, growth });
}

/** Reads the prompts file and checks every request (model rules included) before anything is sent. */
async function readItems(io: CliIo, file: string, flags: ImageFlags): Promise<BatchItem[]> {
  const fullPath = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(fullPath, 'utf8');
  } catch (err) {
    throw new ImageStudioError({
      kind: 'prompts-file-unreadable',
      file,
      detail: err instanceof Error ? err.message : String(err),
    });
  }
  return parsePromptsFile(text, file).map((line) => {
    let request: GenerateRequest;
    try {
      const parsed = parseImageRequest(
        { kind: 'generate', prompt: line.prompt, ...generateOptionsFromFlags({ ...flags, ...line.options }) },
        io.now(),
      );
      if (parsed.kind !== 'generate') throw new Error('unreachable: a generate request parsed as an edit');
      request = parsed;
    } catch (err) {
      throw new ImageStudioError(
        {
          kind: 'prompts-file-invalid',
          file,
          line: line.line,
          detail: err instanceof Error ? err.message : String(err),
        },
        { cause: err },
      );
    }
    return { customId: `line-${line.line}`, line: line.line, request };
  });
}

/** The Batch API input: one POST per request, the body exactly what `images.generate` would send. */
function inputJsonl(items: readonly BatchItem[]): string {
  return items
    .map(
      (item) =>
        JSON.stringify({
          custom_id: item.customId,
          method: 'POST',
          url: BATCH_ENDPOINT,
          body: toApiParams(item.request).body,
        }) + '\n',
    )
    .join('');
}
