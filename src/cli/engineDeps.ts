/**
 * The engine's deps for a CLI run: files on `node:fs`, the ledger under the config folder, the key read once, cost
 * questions on the terminal.
 */
import { cliCostQuestion } from './errorWords';
import type { ImageJobDeps } from '../core/engine/runImageJob';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { ImageRateLimiter } from '../core/api/rateLimiter';
import { cliFolders, readApiKey } from './cliConfig';
import type { CliIo } from './cliIo';
import { confirmCost } from './confirmCost';

export interface EngineDepsOptions {
  /** `--yes`: accept costs above the confirmation threshold without asking. */
  readonly yes: boolean;
  /** Images per minute the account may start (tier 1: 5). */
  readonly imagesPerMinute: number;
}

/** Builds the deps once per run; the key is read on first use, so a cache hit needs none. */
export function createEngineDeps(
  io: CliIo,
  options: EngineDepsOptions,
): ImageJobDeps & { readonly knownSecrets: () => readonly string[] } {
  const store = createNodeFileStore();
  const folders = cliFolders(io);
  let key: Promise<string | undefined> | undefined;
  const secrets: string[] = [];
  return {
    store,
    privateStore: store,
    ...folders,
    getApiKey: () => {
      key ??= readApiKey(io).then((value) => {
        if (value !== undefined) secrets.push(value);
        return value;
      });
      return key;
    },
    limiter: new ImageRateLimiter({ imagesPerMinute: options.imagesPerMinute, maxConcurrent: 2 }),
    now: io.now,
    confirm: (question) => confirmCost(io, cliCostQuestion(question), options.yes),
    knownSecrets: () => secrets,
  };
}
