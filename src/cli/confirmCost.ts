/** Asking before paying: on a terminal a y/N question; elsewhere only `--yes` agrees, because nobody can answer. */
import type { CliIo } from './cliIo';

/** True when the person agreed (or passed `--yes`). */
export async function confirmCost(io: CliIo, message: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!io.interactive) {
    io.stderr(`${message}\nNot a terminal, so nobody can confirm: run again with --yes to accept.\n`);
    return false;
  }
  const answer = await io.ask(`${message} Continue? [y/N] `);
  return /^\s*y(es)?\s*$/i.test(answer);
}
