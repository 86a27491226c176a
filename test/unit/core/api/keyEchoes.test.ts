import * as assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { callImagesApi } from '../../../../src/core/api/callImagesApi';
import { clearImageClientCache, getImageClient } from '../../../../src/core/api/imageClient';
import { maskKey, type RunningEmulator } from '../../../emulator';
import { keyFragmentsIn as fragmentsOf } from '../../../support/keyFragments';
import { generateRequest, rejectsWithKind, startTestEmulator } from './support';
import { MAX_RECEIVED_IMAGE_BYTES } from '../../../../src/core/files/saveImage';

/** A key without the sk- shape (Azure, a custom base URL), so only the known-secret redaction can catch its pieces. */
const KEY = 'q7Zx0123456789abcdefghijklmnop4Wv9';

const keyFragmentsIn = (text: string, key: string = KEY): string[] => fragmentsOf(text, key);

describe('transport: no piece of the key reaches an error, whatever the API echoes (K5)', () => {
  let emu: RunningEmulator;
  let client: OpenAI;
  const options = { timeoutMs: 10_000, knownSecrets: [KEY], maxImageBytes: MAX_RECEIVED_IMAGE_BYTES };

  beforeEach(async () => {
    emu = await startTestEmulator({ apiKey: KEY });
    clearImageClientCache();
    client = getImageClient({ provider: 'openai', apiKey: KEY, baseUrl: emu.baseUrl });
  });
  afterEach(() => emu.close());

  const echoes = [
    maskKey(KEY),
    `${KEY.slice(0, 4)}****************${KEY.slice(-4)}`,
    `${KEY.slice(0, 8)}...${KEY.slice(-4)}`,
    `\u2026${KEY.slice(-6)}`,
    KEY.slice(5, 19),
  ];

  it('the echoing texts the emulator and tests use do hold pieces of the key', () => {
    for (const echo of echoes) assert.notDeepEqual(keyFragmentsIn(echo), [], echo);
  });

  it('a 401 for a wrong key of the same shape, echoed in part by the emulator', async () => {
    const wrong = 'q7Zx9876543210zyxwvutsrqponm4Wv9';
    const wrongClient = getImageClient({ provider: 'openai', apiKey: wrong, baseUrl: emu.baseUrl });
    const err = await rejectsWithKind(
      callImagesApi(wrongClient, generateRequest(), { ...options, knownSecrets: [wrong] }),
      'invalid-api-key',
    );
    assert.deepEqual(keyFragmentsIn(`${err.message} ${JSON.stringify(err)}`, wrong), []);
  });

  for (const [status, kind] of [
    [400, 'invalid-option'],
    [403, 'organization-unverified'],
    [418, 'unknown'],
    [500, 'server-error'],
  ] as const) {
    it(`a ${status} whose message and param echo the key`, async () => {
      for (const echo of echoes) {
        emu.script.error(status, {
          message: `Something about the key ${echo}. Try again.`,
          param: `size ${KEY.slice(0, 12)}`,
          code: 'invalid_value',
        });
        const err = await rejectsWithKind(callImagesApi(client, generateRequest(), options), kind);
        assert.deepEqual(keyFragmentsIn(`${err.message} ${JSON.stringify(err)}`), [], `${echo} → ${err.message}`);
        assert.match(err.message, /Something about the key \*\*\*\. Try again\.|server error/);
      }
    });
  }

  it('an `event: error` in the middle of a stream that echoes the key', async () => {
    emu.script.streamError(1, { message: `The stream for ${maskKey(KEY)} failed.`, code: 'server_error' });
    const err = await rejectsWithKind(
      callImagesApi(client, generateRequest({ stream: true, partialImages: 2 }), options),
      'server-error',
    );
    assert.deepEqual(keyFragmentsIn(err.message), []);
    assert.match(err.message, /The stream for \*\*\* failed\./);
  });

  it('moderation categories that echo the key', async () => {
    emu.script.error(400, {
      message: 'Your request was rejected by the safety system.',
      type: 'image_generation_user_error',
      code: 'moderation_blocked',
      moderation_details: { categories: ['violence', `${KEY.slice(0, 10)}`] },
    });
    const err = await rejectsWithKind(callImagesApi(client, generateRequest(), options), 'moderation-blocked');
    assert.deepEqual(keyFragmentsIn(err.message), []);
    assert.match(err.message, /flagged: violence, \*\*\*/);
  });

  it('a request id header that carries the key is dropped, not shown', async () => {
    emu.script.add({
      kind: 'error',
      status: 400,
      error: { message: 'bad', code: 'invalid_value', param: 'size' },
      headers: { 'x-request-id': KEY },
    });
    const err = await rejectsWithKind(callImagesApi(client, generateRequest(), options), 'invalid-option');
    assert.equal(err.requestId, undefined);
    assert.deepEqual(keyFragmentsIn(err.message), []);
  });
});
