/**
 * The commands behind the thin entry (main.ts), built as their own bundle (`dist/cliCommands.js`, see esbuild.js)
 * that main.ts requires only when a command runs. Each command's module is required when it is dispatched, so
 * `image-studio mcp` does not evaluate the image commands, and what they import, before its first answer.
 */
import type * as BatchModule from './batch';
import type { CliCommand, CliIo } from './cliIo';
import type * as EditModule from './edit';
import type * as GenerateModule from './generate';
import type * as McpModule from '../mcp/mcpCommand';
import type * as RegenerateMissingModule from './regenerateMissing';
import type * as UsageModule from './usage';

/** Each command by the name main.ts dispatches on (the names of `COMMAND_HELPS`). */
const LOADERS: Readonly<Record<string, () => CliCommand>> = {
  generate: () => (require('./generate') as typeof GenerateModule).generateCommand,
  edit: () => (require('./edit') as typeof EditModule).editCommand,
  'regenerate-missing': () =>
    (require('./regenerateMissing') as typeof RegenerateMissingModule).regenerateMissingCommand,
  batch: () => (require('./batch') as typeof BatchModule).batchCommand,
  usage: () => (require('./usage') as typeof UsageModule).usageCommand,
  mcp: () => (require('../mcp/mcpCommand') as typeof McpModule).mcpCommand,
};

/** The command called `name`, loaded now; undefined for a name main.ts does not list. */
export function loadCommand(name: string): CliCommand | undefined {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name]?.() : undefined;
}

/** Runs the command called `name` with the arguments after it; resolves to the exit code. */
export async function runCommand(name: string, args: readonly string[], io: CliIo): Promise<number> {
  const command = loadCommand(name);
  if (!command) throw new Error(`No command is called ${JSON.stringify(name)}.`);
  return command.run(args, io);
}
