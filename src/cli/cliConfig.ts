/**
 * Where the CLI gets its key, endpoint and private folders (rule K7): the key from OPENAI_API_KEY or a `.env` in the
 * working directory, read only and never written; the endpoint only from --base-url or IMAGE_STUDIO_BASE_URL, never
 * OPENAI_BASE_URL; the ledger under $XDG_CONFIG_HOME/image-studio (default ~/.config).
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { validateApiKeyInput } from '../core/secrets/apiKeyStore';
import { apiKeyFromEnvFile, ENV_API_KEY_NAME } from '../core/secrets/envApiKey';
import { ImageStudioError } from '../core/errors';
import type { CliIo } from './cliIo';
import { toStorePath } from './storePath';

export const BASE_URL_ENV = 'IMAGE_STUDIO_BASE_URL';
/** A `.env` holds a few short lines; anything bigger is not read (a cloned repository chooses this file). */
export const MAX_ENV_FILE_BYTES = 1_000_000;

export interface CliFolders {
  /**
   * Store paths (absolute POSIX) of the usage ledger, of images that could not be saved, and of the private cache
   * index.
   */
  readonly ledgerFolder: string;
  readonly recoveryFolder: string;
  readonly cacheFolder: string;
}

/** The ledger, recovery and cache folders under the config home. */
export function cliFolders(io: Pick<CliIo, 'env'>): CliFolders {
  const xdg = io.env['XDG_CONFIG_HOME'];
  // XDG says a relative value is invalid and must be ignored.
  const configHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(io.env['HOME'] || homedir(), '.config');
  const root = path.join(configHome, 'image-studio');
  return {
    ledgerFolder: toStorePath(path.join(root, 'usage')),
    recoveryFolder: toStorePath(path.join(root, 'recovered')),
    cacheFolder: toStorePath(path.join(root, 'cache')),
  };
}

/** The base URL to call: the flag, else IMAGE_STUDIO_BASE_URL, else the SDK default (undefined). */
export function baseUrlFrom(flag: string | undefined, io: Pick<CliIo, 'env'>): string | undefined {
  const value = (flag ?? io.env[BASE_URL_ENV] ?? '').trim();
  return value === '' ? undefined : value;
}

/**
 * The key from OPENAI_API_KEY, else from `.env` in the working directory; undefined when neither has one. Throws when
 * one is unusable.
 */
export async function readApiKey(io: Pick<CliIo, 'env' | 'cwd'>): Promise<string | undefined> {
  const fromEnv = io.env[ENV_API_KEY_NAME];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const problem = validateApiKeyInput(fromEnv);
    if (problem !== undefined)
      throw new ImageStudioError({
        kind: 'api-key-unusable',
        problem: 'environment-invalid',
        source: ENV_API_KEY_NAME,
        detail: problem,
      });
    return fromEnv.trim();
  }
  const envFile = path.join(io.cwd, '.env');
  let bytes: Uint8Array;
  try {
    // Followed like any link, but only to a plain file of a sane size: a committed link to /dev/zero would never end.
    const target = await stat(envFile);
    if (!target.isFile()) throw unusableEnvFile(envFile, 'it is not a regular file');
    if (target.size > MAX_ENV_FILE_BYTES)
      throw unusableEnvFile(
        envFile,
        `it is ${Math.ceil(target.size / 1000).toLocaleString('en-US')} KB, far more than a .env holds`,
      );
    bytes = await readFile(envFile);
  } catch (err) {
    if (err instanceof ImageStudioError) throw err;
    if (typeof err === 'object' && err !== null && 'code' in err && (err.code === 'ENOENT' || err.code === 'ENOTDIR'))
      return undefined;
    throw new ImageStudioError({
      kind: 'api-key-unusable',
      problem: 'env-file-unreadable',
      source: envFile,
      detail: err instanceof Error ? err.message : String(err),
    });
  }
  if (bytes.length > MAX_ENV_FILE_BYTES) throw unusableEnvFile(envFile, 'it grew while it was read');
  const found = apiKeyFromEnvFile(bytes);
  if (found.kind === 'found') return found.key;
  if (found.kind === 'invalid')
    throw new ImageStudioError({
      kind: 'api-key-unusable',
      problem: 'env-file-invalid',
      source: envFile,
      detail: found.reason,
    });
  return undefined;
}

function unusableEnvFile(envFile: string, why: string): ImageStudioError {
  return new ImageStudioError({ kind: 'api-key-unusable', problem: 'env-file-skipped', source: envFile, detail: why });
}

/** The message for a missing key, saying both places the CLI looks. */
export function missingKeyMessage(io: Pick<CliIo, 'cwd'>): string {
  return (
    `No OpenAI API key found, so nothing was sent. Set ${ENV_API_KEY_NAME} in the environment, or add a ` +
    `line ${ENV_API_KEY_NAME}=<your key> to ${path.join(io.cwd, '.env')}.`
  );
}
