/** `image-studio --help`: the commands in the order it lists them, and the text that lists them. */
import { batchHelp } from './batchHelp';
import type { CommandHelp } from './commandHelp';
import { editHelp } from './editHelp';
import { generateHelp } from './generateHelp';
import { mcpHelp } from './mcpHelp';
import { regenerateMissingHelp } from './regenerateMissingHelp';
import { usageHelp } from './usageHelp';

export const COMMAND_HELPS: readonly CommandHelp[] = [
  generateHelp,
  editHelp,
  regenerateMissingHelp,
  batchHelp,
  usageHelp,
  mcpHelp,
];

export function mainHelp(): string {
  const width = Math.max(...COMMAND_HELPS.map((c) => c.name.length));
  return `Usage: image-studio <command> [options]   (image-studio <command> --help for its options)

Commands:
${COMMAND_HELPS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

The key comes from OPENAI_API_KEY or a .env file in the current folder; it is never written anywhere.
`;
}
