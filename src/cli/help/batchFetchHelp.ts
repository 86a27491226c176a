/** `image-studio batch fetch --help`. */
import { BATCH_FLAGS_HELP } from './batchFlagsHelp';
import type { CommandHelp } from './commandHelp';

const usage = 'Usage: image-studio batch fetch <batch-id> [options]';

export const batchFetchHelp: CommandHelp = {
  name: 'fetch',
  summary: "save a finished batch's images into the workspace (again: saves nothing twice)",
  usage,
  help: `${usage}

Downloads the batch's output, saves each image into the output folder chosen at submit, adds it to
.imagestudio/manifest.json and the usage ledger (at the batch price), and lists requests that failed.

${BATCH_FLAGS_HELP}
`,
};
