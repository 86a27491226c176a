import * as assert from 'node:assert/strict';
import { ImageStudioError } from '../../../../src/core/errors';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AzureOpenAI } from 'openai';
import { callImagesApi } from '../../../../src/core/api/callImagesApi';
import { clearImageClientCache, getImageClient } from '../../../../src/core/api/imageClient';
import { maskKey, type RunningEmulator } from '../../../emulator';
import { EMULATOR_TEST_KEY, generateRequest, rejectsWithKind, startTestEmulator } from './support';
import { MAX_RECEIVED_IMAGE_BYTES } from '../../../../src/core/files/saveImage';

const STRAY_ENV = {
  OPENAI_API_KEY: 'sk-stray-environment-key-000000',
  OPENAI_ORG_ID: 'org-stray',
  OPENAI_PROJECT_ID: 'proj_stray',
  OPENAI_API_VERSION: '1999-01-01',
  AZURE_OPENAI_API_KEY: 'stray-azure-key',
} as const;

/** An HTTP server that counts what reaches it: where a stray OPENAI_BASE_URL would send the key. */
async function startTrap(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('transport: getImageClient', function () {
  let emu: RunningEmulator;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  const saved: Record<string, string | undefined> = {};
  const options = { timeoutMs: 10_000, knownSecrets: [], maxImageBytes: MAX_RECEIVED_IMAGE_BYTES };

  before(async () => {
    emu = await startTestEmulator();
    trap = await startTrap();
    for (const name of [...Object.keys(STRAY_ENV), 'OPENAI_BASE_URL']) saved[name] = process.env[name];
    Object.assign(process.env, STRAY_ENV, { OPENAI_BASE_URL: trap.url });
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await Promise.all([emu.close(), trap.close()]);
  });
  beforeEach(() => clearImageClientCache());

  it('ignores stray OPENAI_* environment variables', async () => {
    const client = getImageClient({ provider: 'openai', apiKey: EMULATOR_TEST_KEY, baseUrl: emu.baseUrl });
    assert.equal(client.baseURL, emu.baseUrl);
    assert.equal(client.apiKey, EMULATOR_TEST_KEY);
    assert.equal(client.organization, null);
    assert.equal(client.project, null);
    assert.equal(client.maxRetries, 0);
    const result = await callImagesApi(client, generateRequest(), options);
    assert.equal(result.images.length, 1);
    assert.equal(emu.requests.at(-1)?.authorized, true);
    assert.equal(trap.hits(), 0);
  });

  it('defaults to api.openai.com, not OPENAI_BASE_URL, when no base URL is configured', () => {
    const client = getImageClient({ provider: 'openai', apiKey: 'sk-test-default-url' });
    assert.equal(client.baseURL, 'https://api.openai.com/v1');
  });

  it('passes organization and project when configured', () => {
    const client = getImageClient({
      provider: 'openai',
      apiKey: 'sk-test-org',
      organization: 'org-mine',
      project: 'proj_mine',
    });
    assert.deepEqual([client.organization, client.project], ['org-mine', 'proj_mine']);
  });

  it('returns one client per configuration, and a new one when the key changes', () => {
    const config = { provider: 'openai', apiKey: 'sk-test-cache-one', baseUrl: emu.baseUrl } as const;
    const first = getImageClient(config);
    assert.equal(getImageClient({ ...config }), first);
    assert.notEqual(getImageClient({ ...config, apiKey: 'sk-test-cache-two' }), first);
    assert.notEqual(getImageClient({ ...config, organization: 'org-other' }), first);
  });

  it('rejects an empty key and a base URL with credentials, before any request', () => {
    assert.throws(
      () => getImageClient({ provider: 'openai', apiKey: '  ' }),
      (err: unknown) => err instanceof Error && 'kind' in err && err.kind === 'no-api-key',
    );
    assert.throws(
      () => getImageClient({ provider: 'openai', apiKey: 'sk-x-12345', baseUrl: 'https://user:pw@example.com/v1' }),
      /must not contain a user name/,
    );
    assert.throws(
      () => getImageClient({ provider: 'openai', apiKey: 'sk-x-12345', baseUrl: 'file:///etc/passwd' }),
      /https/,
    );
  });

  it('refuses a base URL on a port fetch never connects to, saying nothing was sent', () => {
    for (const port of [9, 25, 6667, 10080]) {
      assert.throws(
        () => getImageClient({ provider: 'openai', apiKey: 'sk-x-12345', baseUrl: `http://127.0.0.1:${port}/v1` }),
        (err: unknown) =>
          err instanceof ImageStudioError &&
          err.reason.kind === 'url-invalid' &&
          err.reason.problem === 'blocked-port' &&
          err.reason.port === port &&
          /nothing was sent/.test(err.message),
      );
    }
    for (const baseUrl of ['http://127.0.0.1:8080/v1', 'https://example.com:443/v1', 'http://localhost/v1'])
      assert.ok(getImageClient({ provider: 'openai', apiKey: 'sk-x-12345', baseUrl }));
  });

  it('a 401 that echoes the key yields a message without the key or its echo', async () => {
    const wrongKey = 'sk-proj-wrongSecretKeyABCDEFGHWXYZ';
    const client = getImageClient({ provider: 'openai', apiKey: wrongKey, baseUrl: emu.baseUrl });
    const err = await rejectsWithKind(
      callImagesApi(client, generateRequest(), { ...options, knownSecrets: [wrongKey] }),
      'invalid-api-key',
    );
    const shown = `${err.message}\n${err.stack ?? ''}\n${JSON.stringify(err)}`;
    assert.ok(!shown.includes(wrongKey));
    assert.ok(!shown.includes(maskKey(wrongKey)), 'the masked echo is not shown either');
    assert.ok(!shown.includes('WXYZ'), 'not even the echoed last four characters');
    assert.deepEqual(err.reason, { kind: 'invalid-api-key' });
  });

  it('Azure: a round trip via the deployment path and api-key header; the deployment replaces the model', async () => {
    const client = getImageClient({
      provider: 'azure',
      apiKey: EMULATOR_TEST_KEY,
      azureEndpoint: `${emu.azureEndpoint}/`,
      azureDeployment: 'gpt-image-2',
    });
    assert.ok(client instanceof AzureOpenAI);
    const result = await callImagesApi(client, generateRequest({ model: 'house-style-alias' }), options);
    assert.equal(result.images.length, 1);
    const entry = emu.requests.at(-1);
    assert.equal(entry?.path, '/openai/deployments/gpt-image-2/images/generations');
    assert.deepEqual(entry?.query, { 'api-version': '2025-04-01-preview' });
    assert.equal(entry?.authorized, true);
    assert.equal(entry?.fields['model'], 'gpt-image-2');
    assert.equal(trap.hits(), 0);
  });

  it('Azure: a missing deployment is an invalid option, named', () => {
    assert.throws(
      () => getImageClient({ provider: 'azure', apiKey: 'k-azure-1234', azureEndpoint: emu.azureEndpoint }),
      /deployment is not set/,
    );
  });
});
