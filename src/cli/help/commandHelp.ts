/**
 * What `--help` says about a command. Plain text with no zod, SDK or engine behind it, so the thin entry (main.ts)
 * answers `--help` without loading the commands' bundle; the commands print the same text.
 */
export interface CommandHelp {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The `Usage:` line, repeated under a usage error. */
  readonly usage: string;
  /** The whole `--help` text. */
  readonly help: string;
}
