/** Builds and caches the openai SDK client for a configuration, from explicit values only (rules K5, K7, N2). */
import { createHash } from 'node:crypto';
import type { AzureOpenAI, OpenAI } from 'openai';
import { blockedPortOf } from './blockedPorts';
import { ImageStudioError } from '../errors';
import { openaiSdk } from '../openaiSdk';
import { DEFAULT_AZURE_API_VERSION } from '../../facts/azure';

/** Where and how to reach the Images API. */
export interface ClientConfig {
  provider: 'openai' | 'azure';
  apiKey: string;
  baseUrl?: string;
  organization?: string;
  project?: string;
  azureEndpoint?: string;
  azureDeployment?: string;
  azureApiVersion?: string;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

// Every request passes its own timeout; this only bounds a call that forgets to.
const FALLBACK_TIMEOUT_MS = 10 * 60_000;
// A handful of configurations at most (key rotation, a second provider); old keys should not live forever.
const MAX_CACHED_CLIENTS = 4;

const clients = new Map<string, OpenAI>();

/** Returns the client for `config`, reusing one per configuration (and key) so connections are pooled. */
export function getImageClient(config: ClientConfig): OpenAI {
  const cacheKey = hashConfig(config);
  const cached = clients.get(cacheKey);
  if (cached) {
    // Refresh recency so the least recently used client is the one evicted.
    clients.delete(cacheKey);
    clients.set(cacheKey, cached);
    return cached;
  }
  const client = config.provider === 'azure' ? buildAzureClient(config) : buildOpenAIClient(config);
  clients.set(cacheKey, client);
  while (clients.size > MAX_CACHED_CLIENTS) {
    const oldest = clients.keys().next().value;
    if (oldest === undefined) break;
    clients.delete(oldest);
  }
  return client;
}

/** Forgets every cached client (after the key is cleared or replaced). */
export function clearImageClientCache(): void {
  clients.clear();
}

function buildOpenAIClient(config: ClientConfig): OpenAI {
  const apiKey = requireKey(config);
  // Every option the SDK would otherwise read from OPENAI_* environment variables is given explicitly,
  // so a stray OPENAI_BASE_URL cannot send the key elsewhere.
  return new (openaiSdk().OpenAI)({
    apiKey,
    baseURL: checkedUrl(config.baseUrl ?? DEFAULT_BASE_URL, 'base URL'),
    organization: config.organization ?? null,
    project: config.project ?? null,
    maxRetries: 0,
    timeout: FALLBACK_TIMEOUT_MS,
    // The SDK logs request details at debug level and warnings to console; ours logs redacted text itself.
    logLevel: 'off',
  });
}

function buildAzureClient(config: ClientConfig): AzureOpenAI {
  const apiKey = requireKey(config);
  if (!config.azureEndpoint) {
    throw new ImageStudioError({ kind: 'connection-setting-missing', setting: 'azureEndpoint' });
  }
  if (!config.azureDeployment) {
    throw new ImageStudioError({ kind: 'connection-setting-missing', setting: 'azureDeployment' });
  }
  const endpoint = checkedUrl(config.azureEndpoint, 'Azure endpoint').replace(/\/+$/, '');
  // `baseURL` rather than `endpoint`: AzureOpenAI defaults baseURL to OPENAI_BASE_URL, which would
  // either redirect the key or collide with `endpoint`. This is the URL the SDK derives from `endpoint`.
  return new (openaiSdk().AzureOpenAI)({
    baseURL: `${endpoint}/openai`,
    apiKey,
    // Always passed, so the SDK never falls back to `OPENAI_API_VERSION` from the environment.
    apiVersion: config.azureApiVersion ?? DEFAULT_AZURE_API_VERSION,
    deployment: config.azureDeployment,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: FALLBACK_TIMEOUT_MS,
    logLevel: 'off',
  });
}

function requireKey(config: ClientConfig): string {
  const apiKey = config.apiKey.trim();
  if (apiKey === '') {
    throw new ImageStudioError({ kind: 'no-api-key' });
  }
  return apiKey;
}

function checkedUrl(value: string, label: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ImageStudioError({ kind: 'url-invalid', label, problem: 'not-a-url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ImageStudioError({ kind: 'url-invalid', label, problem: 'not-http' });
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in the URL would end up in logs and error messages.
    throw new ImageStudioError({ kind: 'url-invalid', label, problem: 'credentials' });
  }
  const port = blockedPortOf(url);
  if (port !== undefined) throw new ImageStudioError({ kind: 'url-invalid', label, problem: 'blocked-port', port });
  return value;
}

function hashConfig(config: ClientConfig): string {
  // Fixed field order so equal configurations hash equally; the key is hashed, never stored as a map key.
  const fields = [
    config.provider,
    config.apiKey,
    config.baseUrl ?? '',
    config.organization ?? '',
    config.project ?? '',
    config.azureEndpoint ?? '',
    config.azureDeployment ?? '',
    config.azureApiVersion ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
