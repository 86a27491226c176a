/** `image-studio edit --help`. */
import type { CommandHelp } from './commandHelp';
import { IMAGE_FLAGS_HELP } from './imageFlagsHelp';
import { JOB_FLAGS_HELP } from './jobFlagsHelp';

const usage =
  'Usage: image-studio edit <image> [more images...] --prompt "<what to change>" [--mask mask.png] [options]';

export const editHelp: CommandHelp = {
  name: 'edit',
  summary: 'edit images of the workspace with a prompt (optionally a mask)',
  usage,
  // Every image flag but --moderation: the edit endpoint has no moderation option.
  help: `${usage}

The images (PNG, JPEG or WebP, up to 16) and the mask must be inside the workspace; the mask is a PNG
with transparent pixels where the image may change, the size of the first image. The result is saved
like a generation, and the manifest records the inputs so the edit can be regenerated.

  --prompt TEXT         what to change (required)
  --mask FILE           PNG mask with alpha
${IMAGE_FLAGS_HELP.replace(/\n {2}--moderation.*$/m, '')}
  --stream              receive partial previews while rendering (progress on stderr)

${JOB_FLAGS_HELP}
`,
};
