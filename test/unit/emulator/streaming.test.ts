import * as assert from 'node:assert/strict';
import { APIError, toFile } from 'openai';
import type { ImageGenStreamEvent } from 'openai/resources/images';
import type { RunningEmulator } from '../../emulator';
import { decode, png, rejectsWith, sdk, start } from './support';

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('emulator: streaming', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());

  it('sends partial images then the completed image, with +100 tokens per partial', async () => {
    const plain = await sdk(emu).images.generate({
      model: 'gpt-image-2',
      prompt: 'streamed owl',
      quality: 'low',
      size: '1024x640',
    });
    const stream = await sdk(emu).images.generate({
      model: 'gpt-image-2',
      prompt: 'streamed owl',
      quality: 'low',
      size: '1024x640',
      stream: true,
      partial_images: 2,
    });
    const events: ImageGenStreamEvent[] = await collect(stream);
    assert.deepEqual(
      events.map((e) => e.type),
      ['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed'],
    );
    const [p0, p1, done] = events;
    assert.ok(p0?.type === 'image_generation.partial_image' && p1?.type === 'image_generation.partial_image');
    assert.deepEqual([p0.partial_image_index, p1.partial_image_index], [0, 1]);
    assert.deepEqual([p0.size, p0.quality, p0.background, p0.output_format], ['1024x640', 'low', 'opaque', 'png']);
    assert.ok(p0.created_at > 0);
    assert.ok(done?.type === 'image_generation.completed');
    assert.equal(done.b64_json, plain.data?.[0]?.b64_json);
    assert.equal(done.usage.output_tokens, (plain.usage?.output_tokens ?? 0) + 200);
    const img = await decode(p0.b64_json);
    assert.deepEqual([img.width, img.height], [1024, 640]);
  });

  it('sends just the completed event with partial_images 0', async () => {
    const stream = await sdk(emu).images.generate({
      model: 'gpt-image-2',
      prompt: 'no partials',
      quality: 'low',
      size: '1024x640',
      stream: true,
      partial_images: 0,
    });
    const events = await collect(stream);
    assert.deepEqual(
      events.map((e) => e.type),
      ['image_generation.completed'],
    );
  });

  it('streams edits as image_edit.* events (stream form field "true")', async () => {
    const image = await toFile(await png(256, 256), 'in.png', { type: 'image/png' });
    const stream = await sdk(emu).images.edit({
      model: 'gpt-image-2',
      prompt: 'add a hat',
      image,
      quality: 'low',
      stream: true,
      partial_images: 1,
    });
    const events = await collect(stream);
    assert.deepEqual(
      events.map((e) => e.type),
      ['image_edit.partial_image', 'image_edit.completed'],
    );
    assert.equal(emu.requests.at(-1)?.fields['stream'], 'true');
  });

  it('throws APIError (no status) for an injected mid-stream error after partials', async () => {
    emu.script.streamError(1, { message: 'Image generation failed mid-way.', code: 'server_error' });
    const stream = await sdk(emu).images.generate({
      model: 'gpt-image-2',
      prompt: 'fails',
      quality: 'low',
      size: '1024x640',
      stream: true,
      partial_images: 2,
    });
    const seen: string[] = [];
    const err = await rejectsWith(
      (async () => {
        for await (const e of stream) seen.push(e.type);
      })(),
      APIError,
      { status: undefined, code: 'server_error', message: /failed mid-way/ },
    );
    assert.deepEqual(seen, ['image_generation.partial_image']);
    assert.equal(err.constructor, APIError);
    assert.equal(emu.requests.at(-1)?.fault, 'streamError');
  });

  it('stalls mid-stream (client timeout), and close() ends it', async () => {
    const stalled = await start();
    try {
      stalled.script.stall(1);
      const client = sdk(stalled, { timeout: 20_000 });
      const stream = await client.images.generate({
        model: 'gpt-image-2',
        prompt: 'stall',
        quality: 'low',
        size: '1024x640',
        stream: true,
        partial_images: 2,
      });
      const seen: string[] = [];
      let firstEvent: () => void = () => undefined;
      const arrived = new Promise<void>((resolve) => (firstEvent = resolve));
      const reading = (async () => {
        for await (const e of stream) {
          seen.push(e.type);
          firstEvent();
        }
      })();
      await arrived;
      assert.deepEqual(seen, ['image_generation.partial_image']);
      const t0 = Date.now();
      await stalled.close();
      await reading.catch(() => undefined);
      assert.ok(Date.now() - t0 < 2000);
      assert.equal(stalled.requests.at(-1)?.fault, 'stall');
    } finally {
      await stalled.close();
    }
  });
});
