import * as assert from 'node:assert/strict';
import { type APIError, BadRequestError, NotFoundError, toFile } from 'openai';
import type { ImageGenerateParamsNonStreaming } from 'openai/resources/images';
import { EMULATOR_MODERATION_MARKER, EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import { png, rejectsWith, sdk, start } from './support';

const base = { model: 'gpt-image-2', prompt: 'validation', quality: 'low', size: '1024x640' } as const;

interface Case {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly status: number;
  readonly code: string | null;
  readonly param: string | null;
  readonly message?: RegExp;
}

const generationCases: readonly Case[] = [
  {
    name: 'missing prompt',
    body: { model: 'gpt-image-2' },
    status: 400,
    code: 'missing_required_parameter',
    param: 'prompt',
    message: /Missing required parameter: 'prompt'\./,
  },
  { name: 'empty prompt', body: { ...base, prompt: '' }, status: 400, code: 'empty_string', param: 'prompt' },
  {
    name: 'prompt over 32000 chars',
    body: { ...base, prompt: 'x'.repeat(32_001) },
    status: 400,
    code: 'string_above_max_length',
    param: 'prompt',
  },
  { name: 'prompt not a string', body: { ...base, prompt: 42 }, status: 400, code: 'invalid_type', param: 'prompt' },
  {
    name: 'shut-down gpt-image-1',
    body: { ...base, model: 'gpt-image-1' },
    status: 404,
    code: 'model_not_found',
    param: null,
  },
  { name: 'retired dall-e-3', body: { ...base, model: 'dall-e-3' }, status: 404, code: 'model_not_found', param: null },
  {
    name: 'no model (defaults to dall-e-2)',
    body: { prompt: 'x' },
    status: 404,
    code: 'model_not_found',
    param: null,
    message: /dall-e-2/,
  },
  { name: 'unknown model', body: { ...base, model: 'gpt-image-9' }, status: 404, code: 'model_not_found', param: null },
  { name: 'n = 0', body: { ...base, n: 0 }, status: 400, code: 'integer_below_min_value', param: 'n' },
  { name: 'n = 11', body: { ...base, n: 11 }, status: 400, code: 'integer_above_max_value', param: 'n' },
  { name: 'n as a string', body: { ...base, n: '2' }, status: 400, code: 'invalid_type', param: 'n' },
  { name: 'n fractional', body: { ...base, n: 1.5 }, status: 400, code: 'invalid_type', param: 'n' },
  {
    name: '1.x size not in the list',
    body: { ...base, model: 'gpt-image-1.5', size: '1024x640' },
    status: 400,
    code: 'invalid_value',
    param: 'size',
    message: /Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'/,
  },
  {
    name: '2.x size not divisible by 16',
    body: { ...base, size: '1000x1008' },
    status: 400,
    code: 'invalid_value',
    param: 'size',
    message: /divisible by 16/,
  },
  {
    name: '2.x aspect beyond 3:1',
    body: { ...base, size: '1584x512' },
    status: 400,
    code: 'invalid_value',
    param: 'size',
    message: /aspect ratio/,
  },
  {
    name: '2.x edge over 3840',
    body: { ...base, size: '3856x1296' },
    status: 400,
    code: 'invalid_value',
    param: 'size',
    message: /3840x2160/,
  },
  {
    name: '2.x over 3840x2160 pixels',
    body: { ...base, size: '3840x2176' },
    status: 400,
    code: 'invalid_value',
    param: 'size',
  },
  {
    name: '2.x under 655,360 pixels (800x800)',
    body: { ...base, size: '800x800' },
    status: 400,
    code: 'invalid_value',
    param: 'size',
    message: new RegExp(
      /^400 Invalid size '800x800'\. /.source +
        /The requested size must have at least 655360 pixels in total \(for example '1024x640'\)\.$/.source,
    ),
  },
  {
    name: '2.x under 655,360 pixels (1008x640)',
    body: { ...base, size: '1008x640' },
    status: 400,
    code: 'invalid_value',
    param: 'size',
    message: /at least 655360 pixels/,
  },
  {
    name: '2.x one step over 3840 with 2160 (3856x2160)',
    body: { ...base, size: '3856x2160' },
    status: 400,
    code: 'invalid_value',
    param: 'size',
    message: /3840x2160/,
  },
  { name: 'size not WxH', body: { ...base, size: 'big' }, status: 400, code: 'invalid_value', param: 'size' },
  {
    name: 'quality standard',
    body: { ...base, quality: 'standard' },
    status: 400,
    code: 'invalid_value',
    param: 'quality',
  },
  { name: 'quality hd', body: { ...base, quality: 'hd' }, status: 400, code: 'invalid_value', param: 'quality' },
  {
    name: 'quality xhigh on gpt-image-2',
    body: { ...base, quality: 'xhigh' },
    status: 400,
    code: 'invalid_value',
    param: 'quality',
  },
  {
    name: 'background unknown',
    body: { ...base, background: 'clear' },
    status: 400,
    code: 'invalid_value',
    param: 'background',
  },
  {
    name: 'transparent jpeg',
    body: { ...base, background: 'transparent', output_format: 'jpeg' },
    status: 400,
    code: 'invalid_value',
    param: 'background',
  },
  {
    name: 'output_format gif',
    body: { ...base, output_format: 'gif' },
    status: 400,
    code: 'invalid_value',
    param: 'output_format',
  },
  {
    name: 'output_compression with png',
    body: { ...base, output_compression: 50 },
    status: 400,
    code: 'invalid_value',
    param: 'output_compression',
  },
  {
    name: 'output_compression 101',
    body: { ...base, output_format: 'jpeg', output_compression: 101 },
    status: 400,
    code: 'integer_above_max_value',
    param: 'output_compression',
  },
  {
    name: 'output_compression -1',
    body: { ...base, output_format: 'webp', output_compression: -1 },
    status: 400,
    code: 'integer_below_min_value',
    param: 'output_compression',
  },
  {
    name: 'moderation unknown value',
    body: { ...base, moderation: 'none' },
    status: 400,
    code: 'invalid_value',
    param: 'moderation',
  },
  {
    name: 'partial_images 4',
    body: { ...base, stream: true, partial_images: 4 },
    status: 400,
    code: 'integer_above_max_value',
    param: 'partial_images',
  },
  {
    name: 'partial_images -1',
    body: { ...base, stream: true, partial_images: -1 },
    status: 400,
    code: 'integer_below_min_value',
    param: 'partial_images',
  },
  { name: 'stream not boolean', body: { ...base, stream: 'yes' }, status: 400, code: 'invalid_type', param: 'stream' },
  {
    name: 'response_format',
    body: { ...base, response_format: 'url' },
    status: 400,
    code: 'unknown_parameter',
    param: 'response_format',
    message: /^400 Unknown parameter: 'response_format'\.$/,
  },
  {
    name: 'style',
    body: { ...base, style: 'vivid' },
    status: 400,
    code: 'unknown_parameter',
    param: 'style',
    message: /Unknown parameter: 'style'\./,
  },
  {
    name: 'input_fidelity on generations',
    body: { ...base, input_fidelity: 'high' },
    status: 400,
    code: 'unknown_parameter',
    param: 'input_fidelity',
  },
  { name: 'an unknown parameter', body: { ...base, foo: 1 }, status: 400, code: 'unknown_parameter', param: 'foo' },
];

describe('emulator: validation', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  before(async () => {
    emu = await start({ maxImageBytes: 64 * 1024 });
  });
  after(() => emu.close());

  const post = (path: string, body: string | FormData, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${emu.baseUrl}${path}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${EMULATOR_TEST_KEY}`, ...headers },
    });

  describe('generations', () => {
    for (const c of generationCases) {
      it(`rejects ${c.name}: ${c.status} ${c.code ?? 'null'} (${c.param ?? 'no param'})`, async () => {
        const cls: abstract new (...args: never[]) => APIError = c.status === 404 ? NotFoundError : BadRequestError;
        await rejectsWith(sdk(emu).images.generate(c.body as unknown as ImageGenerateParamsNonStreaming), cls, {
          status: c.status,
          code: c.code,
          param: c.param,
          type: 'invalid_request_error',
          ...(c.message ? { message: c.message } : {}),
        });
        assert.equal(emu.requests.at(-1)?.status, c.status);
      });
    }

    it('accepts the edge values', async () => {
      const client = sdk(emu);
      await client.images.generate({ ...base, size: '3840x2160', n: 1, output_format: 'jpeg', output_compression: 0 });
      await client.images.generate({ ...base, size: '1024x640' });
      await client.images.generate({ ...base, size: '640x1024' });
      await client.images.generate({ ...base, size: '1536x512', model: 'gpt-image-2.5-sunburst', quality: 'xhigh' });
      await client.images.generate({
        ...base,
        model: 'gpt-image-2.6-flare',
        quality: 'max',
        output_format: 'webp',
        output_compression: 100,
        moderation: 'low',
      });
      await client.images.generate({ ...base, prompt: 'y'.repeat(32_000), n: 10, safety_identifier: 'user-hash' });
    });

    it('answers invalid JSON with the API message', async () => {
      const res = await post('/images/generations', '{not json', { 'content-type': 'application/json' });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { error: { message: string; code: unknown } };
      assert.match(body.error.message, /We could not parse the JSON body of your request/);
      assert.equal(body.error.code, null);
    });

    for (const moderation of ['auto', 'low'] as const) {
      it(`blocks the moderation marker (moderation: ${moderation})`, async () => {
        const err = await rejectsWith(
          sdk(emu).images.generate({ ...base, prompt: `a ${EMULATOR_MODERATION_MARKER} still life`, moderation }),
          BadRequestError,
          {
            status: 400,
            code: 'moderation_blocked',
            type: 'image_generation_user_error',
            message: /^400 Your request was rejected by the safety system\./,
          },
        );
        const inner = err.error as { moderation_details?: { categories?: unknown } };
        assert.ok(
          Array.isArray(inner.moderation_details?.categories) && inner.moderation_details.categories.length > 0,
        );
      });
    }
  });

  describe('edits', () => {
    const image = async (): Promise<Awaited<ReturnType<typeof toFile>>> =>
      toFile(await png(64, 64), 'in.png', { type: 'image/png' });

    it('rejects moderation as an unknown parameter', async () => {
      const body = { model: 'gpt-image-2', prompt: 'p', image: await image(), moderation: 'low' };
      await rejectsWith(
        sdk(emu).images.edit(body as Parameters<ReturnType<typeof sdk>['images']['edit']>[0]),
        BadRequestError,
        { code: 'unknown_parameter', param: 'moderation' },
      );
    });

    it('rejects input_fidelity on 2.x models and high on gpt-image-1-mini, accepts it on gpt-image-1.5', async () => {
      await rejectsWith(
        sdk(emu).images.edit({ model: 'gpt-image-2', prompt: 'p', image: await image(), input_fidelity: 'low' }),
        BadRequestError,
        { code: 'invalid_value', param: 'input_fidelity' },
      );
      await rejectsWith(
        sdk(emu).images.edit({ model: 'gpt-image-1-mini', prompt: 'p', image: await image(), input_fidelity: 'high' }),
        BadRequestError,
        { code: 'invalid_value', param: 'input_fidelity' },
      );
      const res = await sdk(emu).images.edit({
        model: 'gpt-image-1.5',
        prompt: 'p',
        image: await image(),
        input_fidelity: 'high',
        quality: 'low',
      });
      assert.equal(res.usage?.input_tokens_details.image_tokens, 1292);
    });

    it('requires an image', async () => {
      const form = new FormData();
      form.append('model', 'gpt-image-2');
      form.append('prompt', 'p');
      const res = await post('/images/edits', form);
      const body = (await res.json()) as { error: { code: string; param: string } };
      assert.deepEqual([res.status, body.error.code, body.error.param], [400, 'missing_required_parameter', 'image']);
    });

    it('rejects more than 16 images', async () => {
      const one = await image();
      await rejectsWith(
        sdk(emu).images.edit({ model: 'gpt-image-2', prompt: 'p', image: Array.from({ length: 17 }, () => one) }),
        BadRequestError,
        { code: 'array_above_max_length', param: 'image' },
      );
    });

    it('rejects an undecodable image, a too-large file, and a JSON edit', async () => {
      await rejectsWith(
        sdk(emu).images.edit({
          model: 'gpt-image-2',
          prompt: 'p',
          image: await toFile(Buffer.from('not a png'), 'x.png', { type: 'image/png' }),
        }),
        BadRequestError,
        {
          code: 'invalid_value',
          param: 'image',
          message: /Invalid image file/,
        },
      );
      await rejectsWith(
        sdk(emu).images.edit({
          model: 'gpt-image-2',
          prompt: 'p',
          image: await toFile(Buffer.alloc(64 * 1024), 'big.png', { type: 'image/png' }),
        }),
        BadRequestError,
        {
          code: 'invalid_value',
          param: 'image',
          message: /too large/,
        },
      );
      const res = await post('/images/edits', JSON.stringify({ model: 'gpt-image-2', prompt: 'p' }), {
        'content-type': 'application/json',
      });
      assert.equal(res.status, 400);
    });

    it('rejects a bad mask: wrong type, no alpha, wrong size', async () => {
      const edit = async (mask: Buffer, type: string): Promise<unknown> =>
        sdk(emu).images.edit({
          model: 'gpt-image-2',
          prompt: 'p',
          image: await image(),
          mask: await toFile(mask, 'm', { type }),
        });
      await rejectsWith(edit(await png(64, 64), 'image/jpeg'), BadRequestError, {
        code: 'invalid_value',
        param: 'mask',
        message: /unsupported mimetype/,
      });
      await rejectsWith(edit(await png(64, 64), 'image/png'), BadRequestError, {
        code: 'invalid_value',
        param: 'mask',
        message: /missing alpha channel/,
      });
      await rejectsWith(edit(await png(32, 32, '#000000', true), 'image/png'), BadRequestError, {
        code: 'invalid_value',
        param: 'mask',
        message: /does not match image size 64x64/,
      });
    });

    it('blocks the moderation marker in an edit prompt', async () => {
      await rejectsWith(
        sdk(emu).images.edit({ model: 'gpt-image-2', prompt: EMULATOR_MODERATION_MARKER, image: await image() }),
        BadRequestError,
        { code: 'moderation_blocked' },
      );
    });
  });
});
