/** `image-studio batch status --help`. */
import { BATCH_FLAGS_HELP } from './batchFlagsHelp';
import type { CommandHelp } from './commandHelp';

const usage = 'Usage: image-studio batch status <batch-id> [options]';

export const batchStatusHelp: CommandHelp = {
  name: 'status',
  summary: "show a batch's progress",
  usage,
  help: `${usage}

${BATCH_FLAGS_HELP}
`,
};
