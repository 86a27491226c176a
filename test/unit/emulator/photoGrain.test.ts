import * as assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator';
import { decode, sdk, start } from './support';

describe('emulator: photo-like grain for the bench', function () {
  this.timeout(30_000);
  let plain: RunningEmulator;
  let grained: RunningEmulator;
  before(async () => {
    plain = await start();
    grained = await start({ photoGrain: true });
  });
  after(async () => {
    await plain.close();
    await grained.close();
  });

  const generate = async (emu: RunningEmulator, prompt = 'a lighthouse at dusk'): Promise<string> => {
    const res = await sdk(emu).images.generate({ model: 'gpt-image-2', prompt, size: '1024x1024', quality: 'low' });
    return res.data?.[0]?.b64_json ?? '';
  };

  it('weighs what a photograph does: a PNG near its raw size, not the flat artwork squeezed small', async () => {
    const raw = 1024 * 1024 * 3;
    const flat = Buffer.from(await generate(plain), 'base64').length;
    const grain = Buffer.from(await generate(grained), 'base64').length;
    assert.ok(flat < raw * 0.1, `flat artwork ${flat} bytes`);
    assert.ok(grain > raw * 0.5, `with grain ${grain} bytes`);
    const image = await decode(await generate(grained));
    assert.deepEqual([image.format, image.width, image.height], ['png', 1024, 1024]);
  });

  it('gives the same bytes for the same request, and other bytes for another prompt', async () => {
    const first = await generate(grained);
    assert.equal(await generate(grained), first);
    assert.notEqual(await generate(grained, 'a boat'), first);
  });
});
