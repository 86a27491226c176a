import * as assert from 'node:assert/strict';
import { AuthenticationError, AzureOpenAI, NotFoundError, toFile } from 'openai';
import { EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import { decode, png, rejectsWith, start } from './support';

const API_VERSION = '2025-04-01-preview';

describe('emulator: Azure OpenAI', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());

  const azure = (options: { apiKey?: string; deployment?: string } = {}): AzureOpenAI =>
    new AzureOpenAI({
      endpoint: emu.azureEndpoint,
      apiKey: options.apiKey ?? EMULATOR_TEST_KEY,
      apiVersion: API_VERSION,
      deployment: options.deployment ?? 'gpt-image-2',
      maxRetries: 0,
    });

  it('generates through /openai/deployments/{deployment}/images/generations with the api-key header', async () => {
    const res = await azure().images.generate({
      model: 'ignored-by-azure',
      prompt: 'azure fox',
      quality: 'low',
      size: '1024x640',
    });
    const img = await decode(res.data?.[0]?.b64_json);
    assert.deepEqual([img.width, img.height], [1024, 640]);
    const entry = emu.requests.at(-1);
    assert.equal(entry?.path, '/openai/deployments/gpt-image-2/images/generations');
    assert.deepEqual(entry?.query, { 'api-version': API_VERSION });
    assert.equal(entry?.authorized, true);
  });

  it('edits through the deployment path', async () => {
    const res = await azure().images.edit({
      prompt: 'azure edit',
      image: await toFile(await png(64, 64), 'a.png', { type: 'image/png' }),
      quality: 'low',
    });
    assert.equal(res.size, '1024x1024');
    assert.equal(emu.requests.at(-1)?.path, '/openai/deployments/gpt-image-2/images/edits');
  });

  it('checks the api-key header', async () => {
    const err = await rejectsWith(
      azure({ apiKey: 'wrong-azure-key' }).images.generate({ prompt: 'x' }),
      AuthenticationError,
      { status: 401, code: '401' },
    );
    assert.match(err.message, /Access denied due to invalid subscription key/);
    assert.equal(emu.requests.at(-1)?.authorized, false);
  });

  it('answers an unknown deployment with DeploymentNotFound', async () => {
    await rejectsWith(azure({ deployment: 'my-missing-deployment' }).images.generate({ prompt: 'x' }), NotFoundError, {
      status: 404,
      code: 'DeploymentNotFound',
    });
  });

  it('requires api-version (404 Resource not found) and a valid one (400)', async () => {
    const url = `${emu.azureEndpoint}/openai/deployments/gpt-image-2/images/generations`;
    const init = {
      method: 'POST',
      headers: { 'api-key': EMULATOR_TEST_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x' }),
    };
    const missing = await fetch(url, init);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: { code: '404', message: 'Resource not found' } });
    const bad = await fetch(`${url}?api-version=latest`, init);
    assert.equal(bad.status, 400);
  });
});
