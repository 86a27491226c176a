import { strict as assert } from 'node:assert';
import { connect, createServer } from 'node:net';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ImageStudioError, retryAfterMsFrom, toImageStudioError } from '../../../src/core/errors';

const KEY = 'sk-proj-SECRETsecretSECRETsecret1234567890';
const context = { model: 'gpt-image-2', knownSecrets: [KEY] };

function sdkError(status: number, error: Record<string, unknown>, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { error }, undefined, new Headers({ 'x-request-id': 'req_abc', ...headers }));
}

/** A loopback port nothing listens on: bound, then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function assertClean(err: ImageStudioError): void {
  assert.ok(!err.message.includes('SECRET'), `key leaked: ${err.message}`);
  assert.ok(!/sk-[A-Za-z0-9]{6,}/.test(err.message), `key-like text: ${err.message}`);
}

describe('ImageStudioError', () => {
  it('carries its reason, the kind of it, the neutral words and defaults', () => {
    const err = new ImageStudioError({ kind: 'no-free-file-name', attempts: 3 });
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'ImageStudioError');
    assert.equal(err.kind, 'save-failed');
    assert.deepEqual(err.reason, { kind: 'no-free-file-name', attempts: 3 });
    assert.equal(err.message, 'no free file name after 3 attempts');
    assert.equal(err.requestId, undefined);
    assert.equal(err.notSent, false);
    assert.equal(err.mayHaveBilled, false);
  });

  it('says first that nothing was sent, and ends with the request id and what was recorded of the spend', () => {
    const err = new ImageStudioError(
      { kind: 'server-error', status: 500 },
      { requestId: 'req_1', notSent: true, spend: [{ kind: 'counted-possibly-billed', usd: 0.25 }] },
    );
    assert.match(err.message, /^Nothing was sent: OpenAI had a server error \(500\)\./);
    assert.match(err.message, / \(request req_1\) It is counted as possibly billed, at the estimate of \$0\.250,/);
    err.noteSpend({ kind: 'not-recorded', usd: 1, possiblyBilled: false, detail: 'disk full' });
    assert.match(err.message, /Recording \$1\.00 in the usage ledger failed \(disk full\)/);
    assert.equal(err.spend.length, 2);
  });
});

describe('toImageStudioError', () => {
  it('401: rejected key, set-api-key fix, key never echoed (K5)', () => {
    const err = toImageStudioError(
      sdkError(401, {
        message:
          `Incorrect API key provided: ${KEY}. ` +
          'You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        param: null,
      }),
      context,
    );
    assert.equal(err.kind, 'invalid-api-key');
    assert.deepEqual(err.reason, { kind: 'invalid-api-key' });
    assert.equal(err.message, 'The OpenAI API key was rejected. (request req_abc)');
    assert.equal(err.requestId, 'req_abc');
    assert.equal(err.status, 401);
    assertClean(err);
    assert.ok(!JSON.stringify(err).includes('SECRET'));
  });

  it('403 organization verification: link, 15 minutes', () => {
    const err = toImageStudioError(
      sdkError(403, {
        message:
          'Your organization must be verified to use the model `gpt-image-2`. ' +
          'Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.',
        type: 'invalid_request_error',
        code: null,
        param: null,
      }),
      context,
    );
    assert.equal(err.kind, 'organization-unverified');
    assert.match(err.message, /verified/);
    assert.match(err.message, /15 minutes/);
    assert.match(err.message, /\(request req_abc\)$/);
    assert.deepEqual(err.reason, { kind: 'organization-unverified', model: 'gpt-image-2' });
  });

  it('403 other: still points to the organization settings', () => {
    const err = toImageStudioError(
      sdkError(403, {
        message: 'Country, region, or territory not supported',
        type: 'request_forbidden',
        code: 'unsupported_country_region_territory',
      }),
      context,
    );
    assert.equal(err.kind, 'organization-unverified');
    assert.equal(err.reason.kind, 'access-denied');
    assert.match(err.message, /Country, region/);
  });

  it('404 model_not_found: names the model', () => {
    const err = toImageStudioError(
      sdkError(404, {
        message: 'The model `gpt-image-1` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        code: 'model_not_found',
        param: null,
      }),
      { model: 'gpt-image-1' },
    );
    assert.equal(err.kind, 'model-not-found');
    assert.deepEqual(err.reason, { kind: 'model-not-found', model: 'gpt-image-1' });
    assert.match(err.message, /"gpt-image-1"/);
    assert.match(err.message, /Change the model \(for example to gpt-image-2\)/);
  });

  it('moderation_blocked: safety system, categories, fixes, not retryable (N3)', () => {
    const err = toImageStudioError(
      sdkError(400, {
        message:
          'Your request was rejected as a result of our safety system. ' +
          'Your request may contain content that is not allowed by our safety system.',
        type: 'image_generation_user_error',
        code: 'moderation_blocked',
        param: null,
        moderation_details: { categories: ['violence', 'self-harm'] },
      }),
      context,
    );
    assert.equal(err.kind, 'moderation-blocked');
    assert.match(err.message, /rejected by the safety system/);
    assert.match(err.message, /violence, self-harm/);
    assert.deepEqual(err.reason, { kind: 'moderation-blocked', categories: ['violence', 'self-harm'] });
  });

  it('moderation_blocked without details has no category list', () => {
    const err = toImageStudioError(
      sdkError(400, { message: 'rejected by safety system', code: 'moderation_blocked' }),
      context,
    );
    assert.ok(!err.message.includes('flagged'));
  });

  it('429 rate_limit_exceeded: retryable with retry-after', () => {
    const err = toImageStudioError(
      sdkError(
        429,
        {
          message: 'Rate limit reached for gpt-image-2 on images per min (IPM): Limit 5, Used 5.',
          type: 'requests',
          code: 'rate_limit_exceeded',
        },
        { 'retry-after': '2' },
      ),
      context,
    );
    assert.equal(err.kind, 'rate-limited');
    assert.equal(err.retryAfterMs, 2000);
    assert.match(err.message, /Wait 2 s/);
  });

  it('429 without retry-after: retryable, no retryAfterMs', () => {
    const err = toImageStudioError(sdkError(429, { message: 'Rate limit', code: 'rate_limit_exceeded' }), context);
    assert.equal(err.retryAfterMs, undefined);
  });

  for (const code of ['insufficient_quota', 'credit_balance_exhausted']) {
    it(`429 ${code}: billing link, NOT retryable (N3)`, () => {
      const err = toImageStudioError(
        sdkError(429, { message: 'You exceeded your current quota.', type: 'insufficient_quota', code }),
        context,
      );
      assert.equal(err.kind, 'insufficient-quota');
      assert.deepEqual(err.reason, { kind: 'insufficient-quota' });
    });
  }

  for (const status of [400, 429]) {
    it(`${status} billing_hard_limit_reached: billing-limit, not retryable`, () => {
      const err = toImageStudioError(
        sdkError(status, {
          message: 'Billing hard limit has been reached',
          type: 'invalid_request_error',
          code: 'billing_hard_limit_reached',
        }),
        context,
      );
      assert.equal(err.kind, 'billing-limit');
      assert.deepEqual(err.reason, { kind: 'billing-limit' });
    });
  }

  it('400 unknown_parameter / invalid_value: names the param', () => {
    const unknown = toImageStudioError(
      sdkError(400, {
        message: "Unknown parameter: 'response_format'.",
        type: 'invalid_request_error',
        code: 'unknown_parameter',
        param: 'response_format',
      }),
      context,
    );
    assert.equal(unknown.kind, 'invalid-option');
    assert.match(unknown.message, /"response_format"/);
    const invalid = toImageStudioError(
      sdkError(400, {
        message: "Invalid value: 'hd'. Supported values are: 'low', 'medium', 'high', and 'auto'.",
        type: 'invalid_request_error',
        code: 'invalid_value',
        param: 'quality',
      }),
      context,
    );
    assert.match(invalid.message, /"quality".*Supported values/);
  });

  it('400 unsupported mimetype → invalid-image', () => {
    const err = toImageStudioError(
      sdkError(400, {
        message: "Invalid file 'image': unsupported mimetype ('application/octet-stream').",
        type: 'invalid_request_error',
        code: 'unsupported_file_mimetype',
        param: 'image',
      }),
      context,
    );
    assert.equal(err.kind, 'invalid-image');
  });

  for (const status of [500, 503]) {
    it(`${status} → server-error, retryable`, () => {
      const err = toImageStudioError(
        sdkError(status, { message: 'The server had an error', type: 'server_error', code: 'server_error' }),
        context,
      );
      assert.equal(err.kind, 'server-error');
      assert.match(err.message, /\(request req_abc\)$/);
    });
  }

  it('timeout → timeout-maybe-billed, not auto-retryable (N4)', () => {
    const err = toImageStudioError(new APIConnectionTimeoutError(), context);
    assert.equal(err.kind, 'timeout-maybe-billed');
    assert.match(err.message, /may have been .*billed/);
    assert.deepEqual(err.reason, { kind: 'timed-out' });
  });

  it('connection reset → connection, may have been billed, not retryable', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const err = toImageStudioError(
      new APIConnectionError({ cause: new TypeError('fetch failed', { cause: reset }) }),
      context,
    );
    assert.equal(err.kind, 'connection');
    assert.match(err.message, /may have been billed/);
  });

  it('DNS failure → connection, nothing sent, retryable', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND api.openai.com'), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
    });
    const err = toImageStudioError(
      new APIConnectionError({ cause: new TypeError('fetch failed', { cause: dns }) }),
      context,
    );
    assert.equal(err.kind, 'connection');
    assert.match(err.message, /ENOTFOUND/);
    assert.match(err.message, /not sent and nothing was billed/);
    assert.equal(err.mayHaveBilled, false);
  });

  it('every address of a host refusing (an AggregateError from connect) → nothing sent, any first code', async () => {
    // The real error Node builds when each address of a name fails: IPv6 and IPv4 of `localhost`, say.
    const port = await closedPort();
    const aggregate = await new Promise<Error>((resolve) => {
      const socket = connect({
        host: 'dual.invalid',
        port,
        autoSelectFamily: true,
        lookup: (_host, _options, callback) =>
          (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
            { address: '127.0.0.1', family: 4 },
            { address: '127.0.0.2', family: 4 },
          ]),
      });
      socket.on('error', resolve);
    });
    assert.equal(aggregate.constructor.name, 'AggregateError');
    // The first attempt could as well be an address the machine cannot use (no IPv6): still nothing was sent.
    // Node gives the AggregateError the first attempt's code.
    Object.assign((aggregate as AggregateError).errors[0] as Error, { code: 'EADDRNOTAVAIL' });
    Object.assign(aggregate, { code: 'EADDRNOTAVAIL' });
    const err = toImageStudioError(
      new APIConnectionError({ cause: new TypeError('fetch failed', { cause: aggregate }) }),
      context,
    );
    assert.equal(err.kind, 'connection');
    assert.match(err.message, /\(EADDRNOTAVAIL, ECONNREFUSED\), so the request was not sent and nothing was billed/);
    assert.equal(err.mayHaveBilled, false);
  });

  it('a connect that timed out (the SDK calls it APIConnectionTimeoutError) → connection, nothing sent', () => {
    // What undici gives when the TCP connect does not complete within its connect timeout.
    const connectTimeout = Object.assign(
      new Error('Connect Timeout Error (attempted address: api.openai.com:443, timeout: 10000ms)'),
      { name: 'ConnectTimeoutError', code: 'UND_ERR_CONNECT_TIMEOUT' },
    );
    const sdkTimeout = Object.assign(new APIConnectionTimeoutError(), {
      cause: new TypeError('fetch failed', { cause: connectTimeout }),
    });
    const err = toImageStudioError(sdkTimeout, context);
    assert.equal(err.kind, 'connection');
    assert.match(err.message, /not sent and nothing was billed/);
    assert.equal(err.mayHaveBilled, false);
    const connectEtimedout = Object.assign(new Error('connect ETIMEDOUT 162.159.140.245:443'), {
      code: 'ETIMEDOUT',
      syscall: 'connect',
    });
    assert.equal(
      toImageStudioError(
        Object.assign(new APIConnectionTimeoutError(), {
          cause: new TypeError('fetch failed', { cause: connectEtimedout }),
        }),
        context,
      ).mayHaveBilled,
      false,
    );
  });

  it('marks the failures that may have been billed, and only those', () => {
    const reset = new APIConnectionError({
      cause: new TypeError('fetch failed', {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }),
      }),
    });
    const billed: [string, unknown][] = [
      ['timeout', new APIConnectionTimeoutError()],
      ['reset after sending', reset],
      ['socket closed with no code', new APIConnectionError({ cause: new TypeError('terminated') })],
      ['mid-stream error', new APIError(undefined, { message: 'Image generation failed' }, undefined, undefined)],
      [
        'mid-stream moderation',
        new APIError(undefined, { message: 'blocked', code: 'moderation_blocked' }, undefined, undefined),
      ],
      ['504 from a gateway', sdkError(504, { message: 'Gateway timeout' })],
      ['524 from a proxy', sdkError(524, { message: 'A timeout occurred' })],
    ];
    for (const [name, thrown] of billed) assert.equal(toImageStudioError(thrown, context).mayHaveBilled, true, name);
    const notBilled: [string, unknown][] = [
      ['400', sdkError(400, { message: 'bad', type: 'invalid_request_error', param: 'size', code: 'invalid_value' })],
      ['401', sdkError(401, { message: 'no', code: 'invalid_api_key' })],
      ['429', sdkError(429, { message: 'slow down', code: 'rate_limit_exceeded' })],
      ['429 quota', sdkError(429, { message: 'no credit', code: 'insufficient_quota' })],
      ['500', sdkError(500, { message: 'The server had an error', type: 'server_error' })],
      ['503', sdkError(503, { message: 'overloaded' })],
      ['user abort', new APIUserAbortError()],
      [
        'refused',
        new APIConnectionError({
          cause: new TypeError('fetch failed', {
            cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
              code: 'ECONNREFUSED',
              syscall: 'connect',
            }),
          }),
        }),
      ],
    ];
    for (const [name, thrown] of notBilled)
      assert.equal(toImageStudioError(thrown, context).mayHaveBilled, false, name);
    assert.match(
      toImageStudioError(sdkError(504, { message: 'Gateway timeout' }), context).message,
      /gave up waiting \(504\)\. The image may still have been generated and billed/,
    );
  });

  it('APIConnectionError from APIError.generate without status', () => {
    const err = toImageStudioError(
      APIError.generate(undefined, new Error('boom'), 'Connection error.', undefined),
      context,
    );
    assert.equal(err.kind, 'connection');
  });

  it('abort → cancelled (SDK error and DOM AbortError)', () => {
    assert.equal(toImageStudioError(new APIUserAbortError(), context).kind, 'cancelled');
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    assert.equal(toImageStudioError(abort, context).kind, 'cancelled');
  });

  it('mid-stream APIError with undefined status → server-error using its message', () => {
    const err = toImageStudioError(
      new APIError(undefined, { message: 'Image generation failed' }, undefined, undefined),
      context,
    );
    assert.equal(err.kind, 'server-error');
    assert.match(err.message, /Image generation failed/);
  });

  it('mid-stream moderation error is still recognised by its code', () => {
    const err = toImageStudioError(
      new APIError(undefined, { message: 'blocked', code: 'moderation_blocked' }, undefined, undefined),
      context,
    );
    assert.equal(err.kind, 'moderation-blocked');
  });

  it('other errors → unknown, redacted', () => {
    const err = toImageStudioError(new Error(`weird ${KEY}`), context);
    assert.equal(err.kind, 'unknown');
    assertClean(err);
    assert.equal(toImageStudioError('text', context).message, 'text');
    assert.equal(toImageStudioError(42, context).kind, 'unknown');
  });

  it('passes an ImageStudioError through unchanged', () => {
    const original = new ImageStudioError({ kind: 'budget-exceeded', spentUsd: 1, capUsd: 2, estimateUsd: 3 });
    assert.equal(toImageStudioError(original, context), original);
  });

  it('no requestId → no tail', () => {
    const err = toImageStudioError(
      APIError.generate(500, { error: { message: 'x' } }, undefined, new Headers()),
      context,
    );
    assert.ok(!err.message.includes('(request'));
    assert.equal(err.requestId, undefined);
  });

  it('every mapped message is redacted, whatever the body echoes (K5)', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429, 500]) {
      const err = toImageStudioError(
        sdkError(status, { message: `echo ${KEY} and sk-abc***wxyz`, param: KEY, code: 'whatever' }),
        context,
      );
      assertClean(err);
      assert.ok(!err.message.includes('wxyz'), err.message);
    }
  });
});

describe('retryAfterMsFrom', () => {
  it('reads retry-after-ms, seconds and HTTP dates; ignores junk', () => {
    assert.equal(retryAfterMsFrom(new Headers({ 'retry-after-ms': '1500' })), 1500);
    assert.equal(retryAfterMsFrom(new Headers({ 'retry-after': '1.5' })), 1500);
    const now = Date.parse('2026-11-30T10:00:00Z');
    assert.equal(
      retryAfterMsFrom(new Headers({ 'retry-after': 'Mon, 30 Nov 2026 10:00:30 GMT' }), () => now),
      30_000,
    );
    assert.equal(retryAfterMsFrom(new Headers({ 'retry-after': 'totally-not-valid' })), undefined);
    assert.equal(retryAfterMsFrom(new Headers()), undefined);
    assert.equal(retryAfterMsFrom(undefined), undefined);
  });
});
