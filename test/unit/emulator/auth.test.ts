import * as assert from 'node:assert/strict';
import { AuthenticationError } from 'openai';
import { EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import { rejectsWith, sdk, start } from './support';

const params = { model: 'gpt-image-2', prompt: 'auth', quality: 'low', size: '1024x640' } as const;
const SECRET = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789WXYZ';

describe('emulator: auth and the request log', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  before(async () => {
    emu = await start({ apiKey: SECRET });
  });
  after(() => emu.close());

  it('accepts the configured key', async () => {
    const res = await sdk(emu, { apiKey: SECRET }).images.generate(params);
    assert.equal(res.data?.length, 1);
    assert.equal(emu.requests.at(-1)?.authorized, true);
  });

  it('answers a wrong key with 401 invalid_api_key echoing part of it', async () => {
    const wrong = 'sk-abcdefghijklmnopqrstuvwxyz-not-the-key-wxyz';
    const err = await rejectsWith(sdk(emu, { apiKey: wrong }).images.generate(params), AuthenticationError, {
      status: 401,
      code: 'invalid_api_key',
      type: 'invalid_request_error',
    });
    assert.match(
      err.message,
      new RegExp(
        /^401 Incorrect API key provided: sk-abcde\*+wxyz\. /.source +
          /You can find your API key at https:\/\/platform\.openai\.com\/account\/api-keys\.$/.source,
      ),
    );
    assert.ok(!err.message.includes(wrong));
    assert.equal(emu.requests.at(-1)?.authorized, false);
    assert.equal(emu.requests.at(-1)?.status, 401);
  });

  it('echoes a key without the sk- shape (Azure, other endpoints) alike: first chars, asterisks, last 4', async () => {
    const wrong = 'q7Zx0123456789abcdefghijklmnop4Wv9';
    const err = await rejectsWith(sdk(emu, { apiKey: wrong }).images.generate(params), AuthenticationError, {
      status: 401,
      code: 'invalid_api_key',
    });
    assert.match(err.message, /^401 Incorrect API key provided: q7Zx0123\*{22}4Wv9\. You can find your API key at /);
  });

  it('answers a missing key with the real message', async () => {
    const res = await fetch(`${emu.baseUrl}/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { message: string } };
    assert.match(
      body.error.message,
      /^You didn't provide an API key\. You need to provide your API key in an Authorization header using Bearer auth/,
    );
  });

  it('accepts only EMULATOR_TEST_KEY by default', async () => {
    const other = await start();
    try {
      await sdk(other).images.generate(params);
      await rejectsWith(sdk(other, { apiKey: SECRET }).images.generate(params), AuthenticationError);
    } finally {
      await other.close();
    }
    assert.equal(EMULATOR_TEST_KEY, 'sk-emulator-test-key');
  });

  it('answers unknown routes with 404 in the API error shape', async () => {
    const res = await fetch(`${emu.baseUrl}/images/variations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}` },
    });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), {
      error: {
        message: 'Invalid URL (POST /v1/images/variations)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    assert.match(res.headers.get('x-request-id') ?? '', /^req_/);
  });

  it('never logs the key or the Authorization header', () => {
    const log = JSON.stringify(emu.requests);
    assert.ok(emu.requests.length >= 3);
    assert.ok(!log.includes(SECRET));
    assert.ok(!log.includes('sk-abcdefghijklmnopqrstuvwxyz-not-the-key-wxyz'));
    assert.ok(!/authorization|bearer/i.test(log));
  });
});
