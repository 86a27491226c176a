import { strict as assert } from 'node:assert';
import { redact, redactDeep } from '../../../../src/core/secrets/redact';

const KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';

describe('redact', () => {
  it('removes an exact known secret, even one without the sk- shape', () => {
    const azureKey = '0123456789abcdef0123456789abcdef';
    assert.equal(redact(`key=${azureKey}!`, [azureKey]), 'key=***!');
  });

  it('ignores empty and very short known secrets instead of masking everything', () => {
    assert.equal(redact('a cat', ['', 'a']), 'a cat');
  });

  it('masks sk- and sk-proj- keys anywhere in text', () => {
    const out = redact(
      `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    );
    assert.ok(!out.includes('AbCdEf'));
    assert.match(out, /Incorrect API key provided: sk-\*\*\*\. You can find/);
  });

  it("masks OpenAI's masked echoes like sk-abc***...***wxyz", () => {
    const out = redact('Incorrect API key provided: sk-abc*********************wxyz.');
    assert.equal(out, 'Incorrect API key provided: sk-***.');
    assert.ok(!out.includes('wxyz'));
  });

  it("masks the partial echo of a key without the sk- shape (Azure, a custom base URL): OpenAI's abcd****wxyz", () => {
    const key = 'azUr3k3y0123456789abcdefQRSTwxyz';
    for (const echo of [
      'azUr****************************wxyz',
      'azUr3k3y...wxyz',
      'azUr3k3y\u2026QRSTwxyz',
      '...wxyz',
    ]) {
      const out = redact(
        `Incorrect API key provided: ${echo}. ` +
          'You can find your API key at https://platform.openai.com/account/api-keys.',
        [key],
      );
      assert.equal(
        out,
        'Incorrect API key provided: ***. You can find your API key at https://platform.openai.com/account/api-keys.',
        echo,
      );
    }
    assert.equal(redact('the key azUr... was rejected', [key]), 'the key *** was rejected');
  });

  it('masks any run of 8 or more characters of a known key, wherever it stands', () => {
    const key = '0123456789abcdefghijklmnopqrstuv';
    assert.equal(redact('the key ends in ghijklmnopqrstuv, see', [key]), 'the key ends in ***, see');
    assert.equal(redact('x789abcdefy and 456789abcdefghijk', [key]), 'x***y and ***');
    // Seven characters are not enough to tell a key from a word.
    assert.equal(redact('abcdefg', [key]), 'abcdefg');
  });

  it('masks a masked echo of a key it does not know (four or more asterisks inside a key-like word)', () => {
    assert.equal(redact('Incorrect API key provided: abcd****************wxyz.'), 'Incorrect API key provided: ***.');
    assert.equal(redact('key ****wxyz rejected'), 'key *** rejected');
  });

  it('leaves prose with dots, ellipses and markdown emphasis alone', () => {
    const key = 'azUr3k3y0123456789abcdefQRSTwxyz';
    const text = 'Loading... done… a **bold** fox, *italic*, 1536x1024 (request req_abc123).';
    assert.equal(redact(text, [key]), text);
  });

  it('masks Bearer tokens and Authorization / api-key headers', () => {
    assert.equal(redact('Authorization: Bearer abc.def-ghi'), 'Authorization: ***');
    assert.equal(redact('authorization=Basic dXNlcjpwYXNz'), 'authorization=***');
    assert.equal(redact('sent Bearer eyJhbGciOi.payload.sig now'), 'sent Bearer *** now');
    assert.equal(redact('api-key: 0123456789abcdef'), 'api-key: ***');
    assert.equal(redact('{"apiKey":"hunter2hunter2"}'), '{"apiKey":"***"}');
    assert.equal(redact('OPENAI_API_KEY=whatever123'), 'OPENAI_API_KEY=***');
  });

  it('leaves ordinary text alone', () => {
    const text = 'A sketch of a task-runner: 1024x1024, quality high (request req_abc123).';
    assert.equal(redact(text), text);
  });

  it('masks a key split across nothing but still inside longer words', () => {
    assert.ok(!redact(`prefix${KEY}suffix`, [KEY]).includes(KEY));
  });
});

describe('redactDeep', () => {
  it('masks secret-named fields and redacts strings deeply', () => {
    const input = {
      headers: { Authorization: `Bearer ${KEY}`, 'api-key': 'abc', accept: 'json' },
      nested: [{ message: `bad key ${KEY}` }],
      apiKey: KEY,
      count: 3,
    };
    const out = JSON.stringify(redactDeep(input));
    assert.ok(!out.includes('AbCdEf'));
    assert.ok(!out.includes('"abc"'));
    assert.ok(out.includes('"accept":"json"'));
    assert.ok(out.includes('"count":3'));
  });

  it('summarises bytes, handles cycles, errors with causes, Maps and Headers', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    const error = new Error(`failed with ${KEY}`, { cause: new Error(`inner ${KEY}`) });
    const headers = new Headers({ authorization: `Bearer ${KEY}`, 'x-request-id': 'req_1' });
    const out = redactDeep({
      bytes: new Uint8Array(10),
      cyclic,
      error,
      map: new Map([['token', 'x']]),
      headers,
    }) as Record<string, unknown>;
    assert.equal(out['bytes'], '[10 bytes]');
    assert.equal((out['cyclic'] as Record<string, unknown>)['self'], '[Circular]');
    const text = JSON.stringify(out);
    assert.ok(!text.includes('AbCdEf'));
    assert.ok(text.includes('req_1'));
    assert.deepEqual(out['map'], { token: '***' });
  });

  it('keeps shared (non-cyclic) references', () => {
    const shared = { a: 1 };
    assert.deepEqual(redactDeep({ x: shared, y: shared }), { x: { a: 1 }, y: { a: 1 } });
  });

  it('redacts known secrets passed in', () => {
    assert.deepEqual(redactDeep(['my-custom-secret-value'], ['my-custom-secret-value']), ['***']);
  });
});
