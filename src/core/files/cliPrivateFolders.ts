/**
 * Where the CLI and its MCP server keep their private files: $XDG_CONFIG_HOME/image-studio (default ~/.config). The
 * extension reads the ledger there too (read-only), so the panel's usage and the monthly budget count what agents
 * spent; one function, so both hosts agree on the place.
 */
import { homedir } from 'node:os';
import * as path from 'node:path';

export interface CliPrivateFolders {
  /** Absolute native paths. */
  readonly ledger: string;
  readonly recovery: string;
  readonly cache: string;
}

/** The CLI's folders for this environment (`HOME` and `XDG_CONFIG_HOME` are all it looks at). */
export function cliPrivateFolders(env: Readonly<Record<string, string | undefined>>): CliPrivateFolders {
  const xdg = env['XDG_CONFIG_HOME'];
  // XDG says a relative value is invalid and must be ignored.
  const configHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(env['HOME'] || homedir(), '.config');
  const root = path.join(configHome, 'image-studio');
  return {
    ledger: path.join(root, 'usage'),
    recovery: path.join(root, 'recovered'),
    cache: path.join(root, 'cache'),
  };
}
