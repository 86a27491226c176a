/** `image-studio usage --help`. */
import type { CommandHelp } from './commandHelp';

const usage = 'Usage: image-studio usage [--json] [--recent N]';

export const usageHelp: CommandHelp = {
  name: 'usage',
  summary: "show today's and this month's spend",
  usage,
  help: `${usage}

Reads the usage ledger the CLI writes under $XDG_CONFIG_HOME/image-studio/usage (default ~/.config).
A request that failed after it was sent (a timeout, a cut connection or stream) is listed as possibly
billed, at its estimate, and counts against --monthly-budget like any other.
  --json       print totals and recent entries as JSON
  --recent N   how many recent requests to list (0-20, default 5)
`,
};
