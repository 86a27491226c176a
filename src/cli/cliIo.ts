import type { CommandHelp } from './help/commandHelp';

/** What a subcommand needs from the process: arguments aside, its streams, environment, folder, clock and Ctrl-C. */

/** Exit codes: 0 done, 1 failed, 2 bad usage, 130 interrupted (128 + SIGINT, as shells report it). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

export interface CliIo {
  /** Absolute path of the working directory (where `.env` is read and paths are printed relative to). */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdin is a terminal a person can answer questions on. */
  readonly interactive: boolean;
  /** Asks a yes/no question on the terminal; only called when `interactive`. */
  readonly ask: (question: string) => Promise<string>;
  /** Aborted on Ctrl-C (SIGINT): requests in flight are closed, nothing more is paid. */
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

/** A subcommand: one file each, its help text in `help/`, dispatched by name from cliCommands.ts. */
export interface CliCommand extends CommandHelp {
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
