/**
 * The OpenAI key in a `.env` file, for the explicit "Import API Key from .env" command (rule K7): the file is
 * parsed with Node's own dotenv parser (`export ` prefixes, quotes, comments, CRLF) and the value checked.
 */
import { parseEnv } from 'node:util';
import * as z from 'zod';
import { validateApiKeyInput } from './apiKeyStore';

/** The variable the OpenAI SDKs and CLIs read. */
export const ENV_API_KEY_NAME = 'OPENAI_API_KEY';

export type EnvApiKey =
  | { readonly kind: 'found'; readonly key: string }
  | { readonly kind: 'absent' }
  /** Present but unusable; `reason` never quotes the value. */
  | { readonly kind: 'invalid'; readonly reason: string };

const envSchema = z.record(z.string(), z.string());

/** Reads OPENAI_API_KEY from a .env file's bytes; the last definition wins, as with dotenv. */
export function apiKeyFromEnvFile(bytes: Uint8Array): EnvApiKey {
  let text: string;
  try {
    // A BOM would otherwise become part of the first variable's name.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { kind: 'invalid', reason: 'the file is not UTF-8 text' };
  }
  const parsed = envSchema.safeParse(parseEnv(text));
  if (!parsed.success) return { kind: 'invalid', reason: 'the file could not be parsed' };
  const value = parsed.data[ENV_API_KEY_NAME];
  if (value === undefined || value.trim() === '') return { kind: 'absent' };
  const problem = validateApiKeyInput(value);
  if (problem !== undefined)
    return { kind: 'invalid', reason: `${ENV_API_KEY_NAME} is not a usable key (${problem.replace(/\.$/, '')})` };
  return { kind: 'found', key: value.trim() };
}
