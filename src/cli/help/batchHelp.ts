/** `image-studio batch --help`, and the list of its subcommands' help in the order it shows them. */
import { batchFetchHelp } from './batchFetchHelp';
import { batchStatusHelp } from './batchStatusHelp';
import { batchSubmitHelp } from './batchSubmitHelp';
import type { CommandHelp } from './commandHelp';

export const BATCH_SUBCOMMAND_HELPS: readonly CommandHelp[] = [batchSubmitHelp, batchStatusHelp, batchFetchHelp];

const usage = 'Usage: image-studio batch <submit|status|fetch> ...   (image-studio batch <subcommand> --help)';

export const batchHelp: CommandHelp = {
  name: 'batch',
  summary: 'many prompts through the Batch API at about half price (submit, status, fetch)',
  usage,
  help: `${usage}

${BATCH_SUBCOMMAND_HELPS.map((c) => `  ${c.name.padEnd(7)} ${c.summary}`).join('\n')}

A batch runs within 24 hours at about half the price of generate: submit a prompts file, check its
status, then fetch the images into the workspace you submitted from.
`,
};
