/**
 * The SDK client for the batch commands: the key read as for generate, the endpoint only from --base-url or
 * IMAGE_STUDIO_BASE_URL (K7).
 */
import type OpenAI from 'openai';
import { ImageStudioError, toImageStudioError } from '../core/errors';
import { getImageClient } from '../core/api/imageClient';
import { baseUrlFrom, readApiKey } from './cliConfig';
import type { CliIo } from './cliIo';

export interface ApiClient {
  readonly client: OpenAI;
  /** The key, for redaction. */
  readonly secrets: readonly string[];
  /** Runs an SDK call, mapping its failure to a redacted ImageStudioError. */
  call<T>(model: string, request: () => Promise<T>): Promise<T>;
}

/** Throws the engine's 'no-api-key' error (reported with where to put a key) when there is none. */
export async function openApiClient(io: CliIo, baseUrlFlag: string | undefined): Promise<ApiClient> {
  const apiKey = await readApiKey(io);
  if (apiKey === undefined) throw new ImageStudioError({ kind: 'no-api-key' });
  const baseUrl = baseUrlFrom(baseUrlFlag, io);
  const client = getImageClient({ provider: 'openai', apiKey, ...(baseUrl !== undefined ? { baseUrl } : {}) });
  const secrets = [apiKey];
  return {
    client,
    secrets,
    async call(model, request) {
      try {
        return await request();
      } catch (err) {
        throw toImageStudioError(err, { model, knownSecrets: secrets });
      }
    },
  };
}
