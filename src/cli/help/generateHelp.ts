/** `image-studio generate --help`. */
import type { CommandHelp } from './commandHelp';
import { IMAGE_FLAGS_HELP } from './imageFlagsHelp';
import { JOB_FLAGS_HELP } from './jobFlagsHelp';

const usage = 'Usage: image-studio generate "<prompt>" [options]';

export const generateHelp: CommandHelp = {
  name: 'generate',
  summary: 'generate an image from a prompt and save it in the workspace',
  usage,
  help: `${usage}

Saves the image under the output folder (git-ignored), records it in .imagestudio/manifest.json and the
usage ledger, and prints its path and cost.

${IMAGE_FLAGS_HELP}
  --stream              receive partial previews while rendering (progress on stderr)

${JOB_FLAGS_HELP}
`,
};
