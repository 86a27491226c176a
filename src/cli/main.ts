/**
 * `image-studio`: the command line over the same engine as the extension. Dispatches to one file per
 * subcommand; Ctrl-C aborts the request in flight (exit 130).
 */
import { createInterface } from 'node:readline/promises';
import { EXIT, type CliCommand, type CliIo } from './cliIo';
import { batchCommand } from './batch';
import { editCommand } from './edit';
import { generateCommand } from './generate';
import { mcpCommand } from '../mcp/mcpCommand';
import { regenerateMissingCommand } from './regenerateMissing';
import { usageCommand } from './usage';

export const COMMANDS: readonly CliCommand[] = [
  generateCommand,
  editCommand,
  regenerateMissingCommand,
  batchCommand,
  usageCommand,
  mcpCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: image-studio <command> [options]   (image-studio <command> --help for its options)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

The key comes from OPENAI_API_KEY or a .env file in the current folder; it is never written anywhere.
`;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`Unknown command ${JSON.stringify(name.slice(0, 40))}.\n${mainHelp()}`);
    return EXIT.usage;
  }
  return command.run(rest, io);
}

/** The process's streams, environment and Ctrl-C as a CliIo. */
export function processIo(): CliIo {
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    // A second Ctrl-C while cancelling does not wait for the cleanup.
    if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
    interrupt.abort();
  });
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question, { signal: interrupt.signal });
      } finally {
        rl.close();
      }
    },
    signal: interrupt.signal,
    now: () => new Date(),
  };
}

if (require.main === module) {
  void runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
