/** `image-studio regenerate-missing --help`. */
import type { CommandHelp } from './commandHelp';

const usage = 'Usage: image-studio regenerate-missing [--yes] [--workspace DIR] [--output-folder DIR] [--base-url URL]';

export const regenerateMissingHelp: CommandHelp = {
  name: 'regenerate-missing',
  summary: 'remake images the manifest lists but the workspace lacks',
  usage,
  help: `${usage}

Reads .imagestudio/manifest.json, lists the images whose files are missing with the estimated cost and the
folders it will write to, asks before paying (on a terminal), then remakes each at its recorded path with its
recorded prompt and options. It writes only into the output folder, or into a folder that does not exist yet
(which it creates and git-ignores); images recorded in any other existing folder are listed and skipped.
  -y, --yes                 do not ask (required when not run on a terminal)
  --workspace DIR           the workspace (default: the current folder)
  --output-folder DIR       the output folder, the one existing folder written to (default ignore)
  --base-url URL            OpenAI-compatible endpoint (or IMAGE_STUDIO_BASE_URL)
  --images-per-minute N     your account's limit, to pace requests (default 5)
  --monthly-budget USD      refuse images that would bring this month's spend over this
                            (or IMAGE_STUDIO_MONTHLY_BUDGET_USD; default 0 = no cap)
`,
};
