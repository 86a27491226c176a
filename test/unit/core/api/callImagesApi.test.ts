import { ImageStudioError } from '../../../../src/core/errors';
import * as assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { callImagesApi, type CallImagesApiOptions } from '../../../../src/core/api/callImagesApi';
import { clearImageClientCache, getImageClient } from '../../../../src/core/api/imageClient';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { EMULATOR_MODERATION_MARKER, type RunningEmulator } from '../../../emulator';
import { halfMask, png } from '../../emulator/support';
import {
  EMULATOR_TEST_KEY,
  TODAY,
  generateRequest,
  rejectsWithKind,
  startTestEmulator,
  watchUnhandledRejections,
} from './support';
import { MAX_RECEIVED_IMAGE_BYTES } from '../../../../src/core/files/saveImage';

const PNG_MAGIC = '89504e47';

/** A final image arrives as bytes, a streamed preview as base64. */
function isPng(image: Uint8Array | ImageStudioError | string | undefined): boolean {
  if (image instanceof ImageStudioError) return false;
  const bytes = typeof image === 'string' ? Buffer.from(image, 'base64') : Buffer.from(image ?? []);
  return bytes.subarray(0, 4).toString('hex') === PNG_MAGIC;
}

describe('transport: callImagesApi against the emulator', function () {
  let emu: RunningEmulator;
  let client: OpenAI;
  const unhandled = watchUnhandledRejections();
  const options = (extra: Partial<CallImagesApiOptions> = {}): CallImagesApiOptions => ({
    timeoutMs: 10_000,
    knownSecrets: [EMULATOR_TEST_KEY],
    maxImageBytes: MAX_RECEIVED_IMAGE_BYTES,
    ...extra,
  });

  beforeEach(async () => {
    emu = await startTestEmulator();
    clearImageClientCache();
    client = getImageClient({ provider: 'openai', apiKey: EMULATOR_TEST_KEY, baseUrl: emu.baseUrl });
  });
  afterEach(() => emu.close());
  after(() => {
    unhandled.stop();
    assert.deepEqual(unhandled.seen, [], 'no unhandled rejections');
  });

  it('generates: images, resolved options, usage, request id and headers', async () => {
    const result = await callImagesApi(client, generateRequest({ n: 2 }), options());
    assert.equal(result.images.length, 2);
    assert.ok(result.images.every(isPng));
    assert.deepEqual([result.size, result.quality, result.outputFormat], ['1024x640', 'low', 'png']);
    assert.ok(result.usage && typeof result.usage === 'object' && 'output_tokens' in result.usage);
    assert.equal(result.requestId, emu.requests[0]?.requestId);
    assert.match(result.headers?.get('x-ratelimit-remaining-requests') ?? '', /^\d+$/);
    assert.deepEqual(
      emu.requests.map((r) => [r.path, r.fields['model'], r.fields['n']]),
      [['/v1/images/generations', 'gpt-image-2', 2]],
    );
  });

  it('streams: partials reach onPartial before the call resolves, the final image comes from .completed', async () => {
    const partials: { index: number; b64: string }[] = [];
    let partialsWhenResolved = -1;
    const result = await callImagesApi(
      client,
      generateRequest({ stream: true, partialImages: 2 }),
      options({ onPartial: (p) => partials.push(p) }),
    ).then((r) => {
      partialsWhenResolved = partials.length;
      return r;
    });
    assert.equal(partialsWhenResolved, 2);
    assert.deepEqual(
      partials.map((p) => p.index),
      [0, 1],
    );
    assert.ok(partials.every((p) => isPng(p.b64)));
    assert.equal(result.images.length, 1);
    assert.ok(isPng(result.images[0]));
    assert.ok(result.usage !== undefined);
    assert.equal(emu.requests[0]?.fields['stream'], true);
  });

  it('a throwing onPartial does not lose the final image', async () => {
    const result = await callImagesApi(
      client,
      generateRequest({ stream: true, partialImages: 1 }),
      options({
        onPartial: () => {
          throw new Error('ui gone');
        },
      }),
    );
    assert.equal(result.images.length, 1);
  });

  it('edits with several images and a mask, each uploaded with its image/png type', async () => {
    const mask = await halfMask(64, 64);
    const request = parseImageRequest(
      {
        kind: 'edit',
        model: 'gpt-image-2',
        prompt: 'merge them',
        quality: 'low',
        size: '1024x640',
        images: [
          { name: 'first.png', mimeType: 'image/png', bytes: await png(64, 64, '#ff0000') },
          { name: 'second.png', mimeType: 'image/png', bytes: await png(64, 64, '#0000ff') },
        ],
        mask: { name: 'mask.png', mimeType: 'image/png', bytes: mask },
      },
      TODAY,
    );
    const result = await callImagesApi(client, request, options());
    assert.ok(isPng(result.images[0]));
    const entry = emu.requests[0];
    assert.equal(entry?.path, '/v1/images/edits');
    // The multipart field order is the SDK's business; what matters is that each file went with its type.
    const sorted = [...(entry?.files ?? [])].sort((a, b) => a.filename.localeCompare(b.filename));
    assert.deepEqual(
      sorted.map((f) => [f.field, f.filename, f.type]),
      [
        ['image[]', 'first.png', 'image/png'],
        ['mask', 'mask.png', 'image/png'],
        ['image[]', 'second.png', 'image/png'],
      ],
    );
  });

  it('streams edits', async () => {
    const partials: number[] = [];
    const request = parseImageRequest(
      {
        kind: 'edit',
        model: 'gpt-image-2',
        prompt: 'add a hat',
        quality: 'low',
        stream: true,
        partialImages: 1,
        images: [{ name: 'in.png', mimeType: 'image/png', bytes: await png(64, 64) }],
      },
      TODAY,
    );
    const result = await callImagesApi(client, request, options({ onPartial: (p) => partials.push(p.index) }));
    assert.deepEqual(partials, [0]);
    assert.equal(result.images.length, 1);
    assert.deepEqual(
      emu.requests[0]?.files.map((f) => f.type),
      ['image/png'],
    );
  });

  describe('maps each API error to its kind', () => {
    const cases: {
      name: string;
      script: (e: RunningEmulator) => void;
      kind: Parameters<typeof rejectsWithKind>[1];
      message?: RegExp;
    }[] = [
      {
        name: '400 invalid_value',
        script: (e) => e.script.error(400, { message: 'Invalid size.', param: 'size', code: 'invalid_value' }),
        kind: 'invalid-option',
        message: /"size"/,
      },
      {
        name: '403 organization not verified',
        script: (e) => e.script.organizationNotVerified(),
        kind: 'organization-unverified',
        message: /15 minutes/,
      },
      {
        name: '404 model_not_found',
        script: (e) => e.script.error(404, { message: 'The model does not exist.', code: 'model_not_found' }),
        kind: 'model-not-found',
        message: /Change the model \(for example to gpt-image-2\)/,
      },
      {
        name: '429 rate_limit_exceeded',
        script: (e) => e.script.rateLimit({ retryAfterSeconds: 3 }),
        kind: 'rate-limited',
      },
      { name: '429 insufficient_quota', script: (e) => e.script.insufficientQuota(), kind: 'insufficient-quota' },
      {
        name: '400 billing_hard_limit_reached',
        script: (e) =>
          e.script.error(400, {
            message: 'Billing hard limit has been reached.',
            code: 'billing_hard_limit_reached',
            type: 'billing_limit_user_error',
          }),
        kind: 'billing-limit',
      },
      { name: '500 server_error', script: (e) => e.script.serverError(), kind: 'server-error' },
      { name: '503', script: (e) => e.script.serviceUnavailable(), kind: 'server-error' },
    ];
    for (const testCase of cases) {
      it(testCase.name, async () => {
        testCase.script(emu);
        const err = await rejectsWithKind(callImagesApi(client, generateRequest(), options()), testCase.kind);
        if (testCase.message) assert.match(err.message, testCase.message);
        assert.equal(err.requestId, emu.requests[0]?.requestId);
        assert.equal(emu.requests.length, 1);
        assert.equal(err.mayHaveBilled, false, 'an error answer is not billed');
      });
    }

    it('429 carries retryAfterMs from retry-after', async () => {
      emu.script.rateLimit({ retryAfterSeconds: 3 });
      const err = await rejectsWithKind(callImagesApi(client, generateRequest(), options()), 'rate-limited');
      assert.equal(err.retryAfterMs, 3000);
    });

    it('moderation (a real refusal from the emulator)', async () => {
      const err = await rejectsWithKind(
        callImagesApi(client, generateRequest({ prompt: `a ${EMULATOR_MODERATION_MARKER}` }), options()),
        'moderation-blocked',
      );
      assert.match(err.message, /illicit/);
    });

    it('an error event in the middle of a stream, after a partial', async () => {
      emu.script.streamError(1, { message: 'Image generation failed mid-way.', code: 'server_error' });
      const partials: number[] = [];
      const err = await rejectsWithKind(
        callImagesApi(
          client,
          generateRequest({ stream: true, partialImages: 2 }),
          options({ onPartial: (p) => partials.push(p.index) }),
        ),
        'server-error',
      );
      assert.match(err.message, /failed mid-way/);
      assert.deepEqual(partials, [0]);
      assert.equal(err.mayHaveBilled, true);
    });
  });

  it('a dropped connection after the body → connection, "may have been billed"', async () => {
    emu.script.drop();
    const err = await rejectsWithKind(callImagesApi(client, generateRequest(), options()), 'connection');
    assert.match(err.message, /may have been billed/);
    assert.equal(err.mayHaveBilled, true);
  });

  it('a truncated answer → connection, "may have been billed"', async () => {
    emu.script.truncate();
    const err = await rejectsWithKind(callImagesApi(client, generateRequest(), options()), 'connection');
    assert.match(err.message, /may have been billed/);
    assert.equal(err.mayHaveBilled, true);
  });

  it('a hang past the timeout → timeout-maybe-billed', async () => {
    emu.script.hang();
    const err = await rejectsWithKind(
      callImagesApi(client, generateRequest(), options({ timeoutMs: 200 })),
      'timeout-maybe-billed',
    );
    assert.match(err.message, /billed/);
    assert.equal(err.mayHaveBilled, true);
  });

  it('a stream that stalls after a partial → timeout-maybe-billed (the deadline covers the whole stream)', async () => {
    emu.script.stall(1);
    const partials: number[] = [];
    // Long enough for the first partial to be rendered and sent whatever the load; the stall then never ends.
    await rejectsWithKind(
      callImagesApi(
        client,
        generateRequest({ stream: true, partialImages: 2 }),
        options({ timeoutMs: 3_000, onPartial: (p) => partials.push(p.index) }),
      ),
      'timeout-maybe-billed',
    );
    assert.deepEqual(partials, [0]);
  });

  it('an answer without b64_json is a clear error, not an empty result, as JSON and as a stream', async () => {
    emu.script.noImageData({ times: 2 });
    for (const stream of [false, true]) {
      const err = await rejectsWithKind(callImagesApi(client, generateRequest({ stream }), options()), 'unknown');
      assert.match(err.message, /b64_json is missing/);
      assert.equal(err.requestId, emu.requests.at(-1)?.requestId, `stream ${stream}`);
      assert.equal(err.mayHaveBilled, true);
    }
  });

  it('an already-aborted signal sends nothing', async () => {
    const err = await rejectsWithKind(
      callImagesApi(client, generateRequest(), options({ signal: AbortSignal.abort() })),
      'cancelled',
    );
    assert.equal(emu.requests.length, 0);
    assert.equal(err.mayHaveBilled, false);
  });

  it('cancelling mid-request closes the socket: the emulator never answers it', async () => {
    const slow = await startTestEmulator({ latencyScale: 0.05 }); // low 1024x640: 250 ms
    try {
      const slowClient = getImageClient({ provider: 'openai', apiKey: EMULATOR_TEST_KEY, baseUrl: slow.baseUrl });
      const controller = new AbortController();
      const call = callImagesApi(slowClient, generateRequest(), options({ signal: controller.signal }));
      await new Promise((resolve) => setTimeout(resolve, 80));
      assert.equal(slow.requests.length, 1, 'the request reached the emulator');
      controller.abort();
      await rejectsWithKind(call, 'cancelled');
      await new Promise((resolve) => setTimeout(resolve, 350));
      // Had the socket stayed open, the emulator would have answered 200 by now.
      assert.equal(slow.requests[0]?.status, null);
    } finally {
      await slow.close();
    }
  });

  it('a stream cancelled after the first partial ends cancelled, possibly billed (the server may finish)', async () => {
    emu.script.stall(1);
    const controller = new AbortController();
    const err = await rejectsWithKind(
      callImagesApi(
        client,
        generateRequest({ stream: true, partialImages: 2 }),
        options({ signal: controller.signal, onPartial: () => controller.abort() }),
      ),
      'cancelled',
    );
    assert.equal(
      err.message,
      'The request was cancelled after it was sent; the API may still finish the image and bill it.',
    );
    assert.equal(err.mayHaveBilled, true);
  });

  it('a refused connection and an unresolvable name (the real SDK and fetch): nothing sent or billed', async () => {
    const closed = await startTestEmulator();
    const closedUrl = closed.baseUrl;
    await closed.close();
    for (const baseUrl of [closedUrl, 'http://image-studio-test.invalid/v1']) {
      const unreachable = getImageClient({ provider: 'openai', apiKey: EMULATOR_TEST_KEY, baseUrl });
      const err = await rejectsWithKind(callImagesApi(unreachable, generateRequest(), options()), 'connection');
      assert.match(
        err.message,
        new RegExp(
          /^Could not connect to the OpenAI API \((ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\), /.source +
            /so the request was not sent and nothing was billed\./.source,
        ),
        baseUrl,
      );
      assert.equal(err.mayHaveBilled, false, baseUrl);
    }
  });
});
