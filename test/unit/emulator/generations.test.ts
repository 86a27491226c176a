import * as assert from 'node:assert/strict';
import { EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import { decode, sdk, start } from './support';

describe('emulator: generations', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());

  it('returns a decodable PNG of the requested size with resolved fields and usage', async () => {
    const res = await sdk(emu).images.generate({
      model: 'gpt-image-2',
      prompt: 'a lighthouse at dusk',
      size: '1024x1024',
      quality: 'low',
    });
    assert.equal(res.size, '1024x1024');
    assert.equal(res.quality, 'low');
    assert.equal(res.background, 'opaque');
    assert.equal(res.output_format, 'png');
    assert.ok(res.created > 0);
    assert.equal(res.data?.length, 1);
    const img = await decode(res.data?.[0]?.b64_json);
    assert.deepEqual([img.format, img.width, img.height, img.hasAlpha], ['png', 1024, 1024, false]);
    assert.deepEqual(res.usage?.input_tokens_details, { text_tokens: 5, image_tokens: 0 });
    assert.equal(res.usage?.output_tokens, 272);
    assert.equal(res.usage?.total_tokens, 277);
  });

  for (const format of ['png', 'jpeg', 'webp'] as const) {
    it(`encodes ${format}`, async () => {
      const res = await sdk(emu).images.generate({
        model: 'gpt-image-2',
        prompt: `a ${format} cat`,
        size: '1024x1536',
        quality: 'low',
        output_format: format,
      });
      assert.equal(res.output_format, format);
      const img = await decode(res.data?.[0]?.b64_json);
      assert.deepEqual([img.format, img.width, img.height, img.hasAlpha], [format, 1024, 1536, false]);
    });
  }

  for (const format of ['png', 'webp'] as const) {
    it(`has real transparent pixels for background transparent (${format})`, async () => {
      const res = await sdk(emu).images.generate({
        model: 'gpt-image-2',
        prompt: 'a sticker of a fox',
        background: 'transparent',
        output_format: format,
        quality: 'low',
      });
      assert.equal(res.background, 'transparent');
      const img = await decode(res.data?.[0]?.b64_json);
      assert.equal(img.hasAlpha, true);
      assert.ok(img.transparentPixels > 1000, `only ${img.transparentPixels} transparent pixels`);
    });
  }

  it('has no alpha channel for background opaque (webp)', async () => {
    const res = await sdk(emu).images.generate({
      model: 'gpt-image-2',
      prompt: 'opaque webp',
      background: 'opaque',
      output_format: 'webp',
      quality: 'low',
    });
    const img = await decode(res.data?.[0]?.b64_json);
    assert.equal(img.hasAlpha, false);
  });

  it('resolves auto size to 1024x1024 and auto quality to medium', async () => {
    const res = await sdk(emu).images.generate({
      model: 'gpt-image-1.5',
      prompt: 'auto everything',
      size: 'auto',
      quality: 'auto',
      background: 'auto',
    });
    assert.deepEqual([res.size, res.quality, res.background], ['1024x1024', 'medium', 'opaque']);
    assert.equal(res.usage?.output_tokens, 1056);
    const img = await decode(res.data?.[0]?.b64_json);
    assert.deepEqual([img.width, img.height], [1024, 1024]);
  });

  it('renders a 2.x custom size and scales usage by pixels', async () => {
    const res = await sdk(emu).images.generate({
      model: 'gpt-image-2.5-flare',
      prompt: 'wide banner',
      size: '1536x864',
      quality: 'high',
    });
    assert.equal(res.size, '1536x864');
    const img = await decode(res.data?.[0]?.b64_json);
    assert.deepEqual([img.width, img.height], [1536, 864]);
    assert.equal(res.usage?.output_tokens, Math.round((4160 * 1536 * 864) / (1024 * 1024)));
  });

  it('uses the 1.x token table for non-square 1.x sizes', async () => {
    const res = await sdk(emu).images.generate({
      model: 'gpt-image-1-mini',
      prompt: 'tall',
      size: '1536x1024',
      quality: 'medium',
    });
    assert.equal(res.usage?.output_tokens, 1568);
  });

  it('returns n distinct images and counts their tokens', async () => {
    const res = await sdk(emu).images.generate({
      model: 'gpt-image-2',
      prompt: 'three variants',
      n: 3,
      quality: 'low',
      size: '1024x640',
    });
    assert.equal(res.data?.length, 3);
    assert.equal(new Set(res.data?.map((d) => d.b64_json)).size, 3);
    assert.equal(res.usage?.output_tokens, 3 * Math.round(272 * 0.625));
  });

  it('is deterministic for the same request and differs by prompt', async () => {
    const client = sdk(emu);
    const params = { model: 'gpt-image-2', prompt: 'a red bicycle', quality: 'low', size: '1024x640' } as const;
    const a = await client.images.generate(params);
    const b = await client.images.generate(params);
    const c = await client.images.generate({ ...params, prompt: 'a blue submarine' });
    assert.equal(a.data?.[0]?.b64_json, b.data?.[0]?.b64_json);
    assert.notEqual(a.data?.[0]?.b64_json, c.data?.[0]?.b64_json);
  });

  it('draws prompts with XML special characters safely', async () => {
    const res = await sdk(emu).images.generate({
      model: 'gpt-image-2',
      prompt: `<svg> & "quotes" 'apos' ]]> \u0001`,
      quality: 'low',
      size: '1024x640',
    });
    const img = await decode(res.data?.[0]?.b64_json);
    assert.equal(img.width, 1024);
  });

  it('sends the API headers', async () => {
    const { response, request_id } = await sdk(emu)
      .images.generate({ model: 'gpt-image-2', prompt: 'headers', quality: 'low', size: '1024x640' })
      .withResponse();
    assert.match(request_id ?? '', /^req_[0-9a-f]{32}$/);
    assert.equal(response.headers.get('openai-version'), '2020-10-01');
    assert.match(response.headers.get('openai-processing-ms') ?? '', /^\d+$/);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('x-ratelimit-limit-requests'), '250');
    assert.match(response.headers.get('x-ratelimit-remaining-requests') ?? '', /^\d+$/);
    assert.match(response.headers.get('x-ratelimit-reset-requests') ?? '', /^(\d+ms|[\d.]+s|\d+m\d+s)$/);
    assert.match(response.headers.get('x-ratelimit-limit-tokens') ?? '', /^\d+$/);
    assert.match(response.headers.get('x-ratelimit-remaining-tokens') ?? '', /^\d+$/);
    assert.match(response.headers.get('x-ratelimit-reset-tokens') ?? '', /^(\d+ms|[\d.]+s|\d+m\d+s)$/);
  });

  it('logs the request without the key', async () => {
    const before = emu.requests.length;
    await sdk(emu).images.generate({
      model: 'gpt-image-2',
      prompt: 'logged',
      quality: 'low',
      size: '1024x640',
      user: 'u1',
    });
    const entry = emu.requests[before];
    assert.ok(entry);
    assert.equal(entry.method, 'POST');
    assert.equal(entry.path, '/v1/images/generations');
    assert.equal(entry.fields['prompt'], 'logged');
    assert.equal(entry.authorized, true);
    assert.equal(entry.status, 200);
    assert.ok(!JSON.stringify(emu.requests).includes(EMULATOR_TEST_KEY));
  });
});
