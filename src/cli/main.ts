/**
 * `image-studio`: the command line over the same engine as the extension. This entry is thin on purpose: it answers
 * `--help`, `--version` and unknown commands from plain text, and requires the commands (zod, the SDK, the engine)
 * only to run one, so help and an agent's MCP server start about as fast as Node itself. Ctrl-C aborts the request
 * in flight (exit 130).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as nodeModule from 'node:module';
import { createInterface } from 'node:readline/promises';
import type * as CliCommandsModule from './cliCommands';
import { EXIT, type CliIo } from './cliIo';
import { BATCH_SUBCOMMAND_HELPS } from './help/batchHelp';
import type { CommandHelp } from './help/commandHelp';
import { COMMAND_HELPS, mainHelp } from './help/mainHelp';
import { CLI_VERSION } from './version';

/** The commands' module; esbuild.js leaves this require to the sibling bundle `cliCommands.js`. */
function loadCommands(): typeof CliCommandsModule {
  return require('./cliCommands') as typeof CliCommandsModule;
}

const isHelpFlag = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

/** The help a bare `<command> --help` (or `batch <subcommand> --help`) asks for; undefined for anything else. */
function helpAskedFor(command: CommandHelp, rest: readonly string[]): CommandHelp | undefined {
  if (rest.length === 1 && isHelpFlag(rest[0])) return command;
  if (command.name === 'batch' && rest.length === 2 && isHelpFlag(rest[1]))
    return BATCH_SUBCOMMAND_HELPS.find((sub) => sub.name === rest[0]);
  return undefined;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || isHelpFlag(name) || name === 'help') {
    io.stdout(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    io.stdout(`${CLI_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMAND_HELPS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`Unknown command ${JSON.stringify(name.slice(0, 40))}.\n${mainHelp()}`);
    return EXIT.usage;
  }
  const help = helpAskedFor(command, rest);
  if (help) {
    io.stdout(help.help);
    return EXIT.ok;
  }
  return loadCommands().runCommand(name, rest, io);
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
  // Node 22.1+ keeps the compiled commands' bundle in a cache folder, so a second start skips compiling it. The
  // folder is the user's own (NODE_COMPILE_CACHE if set; NODE_DISABLE_COMPILE_CACHE=1 turns it off), never the
  // shared temporary folder, where another account on the machine could plant compiled code for us to run.
  nodeModule.enableCompileCache?.(process.env['NODE_COMPILE_CACHE'] ? undefined : userCompileCache());
  void runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}

/** `$XDG_CACHE_HOME/image-studio/compile-cache`, or `~/.cache/…` (XDG: a relative value is ignored). */
function userCompileCache(): string {
  const xdg = process.env['XDG_CACHE_HOME'];
  const cacheHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'image-studio', 'compile-cache');
}
