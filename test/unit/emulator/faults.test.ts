import * as assert from 'node:assert/strict';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import type { RunningEmulator } from '../../emulator';
import { waitFor } from '../../support/waitFor';
import { rejectsWith, sdk, start } from './support';

const params = { model: 'gpt-image-2', prompt: 'faulty', quality: 'low', size: '1024x640' } as const;

describe('emulator: scripted faults and SDK error classes', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await start();
  });
  afterEach(() => emu.close());

  it('BadRequestError for a scripted 400', async () => {
    emu.script.error(400, { message: 'nope', param: 'size', code: 'invalid_value' });
    await rejectsWith(sdk(emu).images.generate(params), BadRequestError, {
      status: 400,
      code: 'invalid_value',
      param: 'size',
    });
  });

  it('AuthenticationError for a wrong key', async () => {
    await rejectsWith(sdk(emu, { apiKey: 'sk-wrong-key-1234567890' }).images.generate(params), AuthenticationError, {
      status: 401,
      code: 'invalid_api_key',
    });
  });

  it('PermissionDeniedError with the organization-verification message', async () => {
    emu.script.organizationNotVerified('gpt-image-2');
    const err = await rejectsWith(sdk(emu).images.generate(params), PermissionDeniedError, { status: 403 });
    assert.equal(
      err.message,
      '403 Your organization must be verified to use the model `gpt-image-2`. ' +
        'Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. ' +
        'If you just verified, it can take up to 15 minutes for access to propagate.',
    );
  });

  it('NotFoundError for a shut-down model', async () => {
    await rejectsWith(sdk(emu).images.generate({ ...params, model: 'gpt-image-1' }), NotFoundError, {
      status: 404,
      code: 'model_not_found',
      message: /The model `gpt-image-1` does not exist/,
    });
  });

  it('RateLimitError with retry-after headers, and insufficient_quota', async () => {
    emu.script.rateLimit({ retryAfterSeconds: 7 });
    const err = await rejectsWith(sdk(emu).images.generate(params), RateLimitError, {
      status: 429,
      code: 'rate_limit_exceeded',
      message: /Rate limit reached for gpt-image-2 in organization org-\w+ on images per minute \(IPM\)/,
    });
    assert.equal(err.headers.get('retry-after'), '7');
    emu.script.rateLimit();
    const bare = await rejectsWith(sdk(emu).images.generate(params), RateLimitError, { status: 429 });
    assert.equal(bare.headers.get('retry-after'), null);
    emu.script.insufficientQuota();
    await rejectsWith(sdk(emu).images.generate(params), RateLimitError, {
      status: 429,
      code: 'insufficient_quota',
      type: 'insufficient_quota',
    });
  });

  it('InternalServerError for 500 and 503', async () => {
    emu.script.serverError().serviceUnavailable();
    await rejectsWith(sdk(emu).images.generate(params), InternalServerError, { status: 500, type: 'server_error' });
    await rejectsWith(sdk(emu).images.generate(params), InternalServerError, { status: 503 });
  });

  it('the SDK honours retry-after: one 429 then success, two log entries', async () => {
    emu.script.rateLimit({ retryAfterSeconds: 1 });
    const t0 = Date.now();
    const res = await sdk(emu, { maxRetries: 1 }).images.generate(params);
    assert.ok(Date.now() - t0 >= 900, 'waited about a second');
    assert.equal(res.data?.length, 1);
    assert.deepEqual(
      emu.requests.map((r) => r.status),
      [429, 200],
    );
  });

  it('APIConnectionError for a dropped connection', async () => {
    emu.script.drop();
    await rejectsWith(sdk(emu).images.generate(params), APIConnectionError);
    assert.equal(emu.requests[0]?.fault, 'drop');
    assert.equal(emu.requests[0]?.status, null);
  });

  it('APIConnectionTimeoutError for a hang with a short timeout; close() ends hung sockets', async () => {
    emu.script.hang({ times: 2 });
    await rejectsWith(sdk(emu, { timeout: 300 }).images.generate(params), APIConnectionTimeoutError);
    const pending = sdk(emu, { timeout: 60_000 })
      .images.generate(params)
      .catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await emu.close();
    assert.ok((await pending) instanceof APIConnectionError);
    assert.ok(Date.now() - t0 < 2000);
  });

  it('logs a request the client aborted as closed by the client, and an answered one as not', async () => {
    await sdk(emu).images.generate(params);
    emu.script.hang();
    const controller = new AbortController();
    const pending = sdk(emu)
      .images.generate(params, { signal: controller.signal })
      .catch((e: unknown) => e);
    await waitFor('the hung request to arrive', emu.onRequestLog, () => emu.requests.length >= 2);
    controller.abort();
    await pending;
    await waitFor('the emulator to see the client go', emu.onRequestLog, () => emu.requests[1]!.closedByClient, 5000);
    assert.equal(emu.requests[0]!.closedByClient, false);
    assert.equal(emu.requests[1]!.closedByClient, true);
    assert.equal(emu.requests[1]!.status, null);
  });

  it('tells listeners of each change to the request log: arrival and end, until they unsubscribe', async () => {
    const seen: string[] = [];
    const unsubscribe = emu.onRequestLog(() =>
      seen.push(emu.requests.map((r) => `${r.path}:${r.status ?? 'open'}`).join(',')),
    );
    await sdk(emu).images.generate(params);
    await waitFor('the answered request', emu.onRequestLog, () => seen.length >= 2);
    assert.deepEqual(seen, ['/v1/images/generations:open', '/v1/images/generations:200']);
    unsubscribe();
    await sdk(emu).images.generate(params);
    assert.equal(seen.length, 2, 'no call after unsubscribing');
  });

  it('a truncated body fails the client', async () => {
    emu.script.truncate();
    await assert.rejects(sdk(emu).images.generate(params));
    assert.equal(emu.requests[0]?.fault, 'truncate');
  });

  it('a truncated stream sends its partial images, then the connection is cut', async () => {
    emu.script.truncate({ partials: 1 });
    const events: string[] = [];
    const stream = await sdk(emu).images.generate({ ...params, stream: true, partial_images: 2 });
    await assert.rejects(
      (async () => {
        for await (const event of stream) events.push(event.type);
      })(),
    );
    assert.deepEqual(events, ['image_generation.partial_image']);
    assert.equal(emu.requests[0]?.fault, 'truncate');
  });

  it('noImageData answers 200 without b64_json, as JSON and as a stream', async () => {
    emu.script.noImageData({ times: 2 });
    const res = await sdk(emu).images.generate(params);
    assert.deepEqual(res.data, [{}]);
    assert.ok(res.usage, 'the usage is still reported');
    const completed: unknown[] = [];
    for await (const event of await sdk(emu).images.generate({ ...params, stream: true, partial_images: 1 })) {
      if (event.type === 'image_generation.completed') completed.push(event);
    }
    assert.equal(completed.length, 1);
    assert.ok(!('b64_json' in (completed[0] as object)));
    assert.deepEqual(
      emu.requests.map((r) => [r.status, r.fault]),
      [
        [200, 'noImageData'],
        [200, 'noImageData'],
      ],
    );
  });

  it('a stalled JSON answer times out; streamError on a JSON request answers 500', async () => {
    emu.script.stall();
    // Long enough for the emulator to render the image and send half of it, whatever the machine's load.
    await rejectsWith(sdk(emu, { timeout: 3_000 }).images.generate(params), APIConnectionTimeoutError);
    assert.equal(emu.requests[0]?.fault, 'stall');
    emu.script.streamError();
    await rejectsWith(sdk(emu).images.generate(params), InternalServerError, { status: 500 });
  });

  it('faults can match a path and repeat', async () => {
    emu.script.serverError({ path: '/images/edits', times: 2 });
    const res = await sdk(emu).images.generate(params);
    assert.equal(res.data?.length, 1);
    assert.equal(emu.script.pending, 2);
    emu.script.clear();
    assert.equal(emu.script.pending, 0);
  });
});
