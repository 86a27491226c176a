/** `image-studio batch submit --help`. */
import { BATCH_FLAGS_HELP } from './batchFlagsHelp';
import type { CommandHelp } from './commandHelp';
import { IMAGE_FLAGS_HELP } from './imageFlagsHelp';

/** Above this estimate the person is asked first, as for generate. */
export const BATCH_CONFIRM_ABOVE_USD = 0.5;

const usage = 'Usage: image-studio batch submit <prompts-file> [options]';

export const batchSubmitHelp: CommandHelp = {
  name: 'submit',
  summary: 'send a file of prompts through the Batch API (about half price, done within 24 h)',
  usage,
  help: `${usage}

The prompts file has one prompt per line (blank lines and # comments skipped), or is JSONL with
{"prompt": "...", "size": "1536x1024", ...} per line (options named as the flags below; numbers as numbers).
The batch is recorded in .imagestudio/batches/<batch id>.json; fetch the images later with
"image-studio batch fetch <batch id>" from the same workspace.

${IMAGE_FLAGS_HELP}

  --output-folder DIR   subfolder the images are saved in when fetched (default ignore)
  -y, --yes             accept an estimate above $${BATCH_CONFIRM_ABOVE_USD.toFixed(2)} without asking
${BATCH_FLAGS_HELP}
`,
};
