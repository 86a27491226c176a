import type { EngineHost } from '../vscode/engineHost';
import type { Log } from '../vscode/log';

/** What the language-model tools need from the extension: the one engine door, the log, the key's known values. */
export interface LmToolDeps {
  readonly engine: EngineHost;
  readonly log: Log;
  /** For redacting error text (the key itself is read by the engine only). */
  readonly keyStore: { knownSecrets(): string[] };
}
