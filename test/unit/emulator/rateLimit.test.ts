import * as assert from 'node:assert/strict';
import { RateLimitError } from 'openai';
import type { RunningEmulator } from '../../emulator';
import { rejectsWith, sdk, start } from './support';

const params = { model: 'gpt-image-2', prompt: 'limited', quality: 'low', size: '1024x640' } as const;

describe('emulator: images-per-minute limit', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let now = Date.UTC(2026, 10, 30, 12, 0, 0);
  before(async () => {
    emu = await start({ imagesPerMinute: 5, now: () => now });
  });
  after(() => emu.close());

  it('counts n per image over a sliding 60 s window and answers 429 with retry-after', async () => {
    const client = sdk(emu);
    const first = await client.images.generate({ ...params, n: 2 }).withResponse();
    assert.equal(first.response.headers.get('x-ratelimit-limit-requests'), '5');
    assert.equal(first.response.headers.get('x-ratelimit-remaining-requests'), '3');
    assert.equal(first.response.headers.get('x-ratelimit-reset-requests'), '1m0s');
    now += 48_000;
    await client.images.generate({ ...params, n: 3 });
    const err = await rejectsWith(client.images.generate(params), RateLimitError, {
      status: 429,
      code: 'rate_limit_exceeded',
      message: new RegExp(
        /^429 Rate limit reached for gpt-image-2 in organization org-\w+ on images per minute \(IPM\): /.source +
          /Limit 5, Used 5, Requested 1\. Please try again in 12s\. /.source +
          /Visit https:\/\/platform\.openai\.com\/account\/rate-limits to learn more\.$/.source,
      ),
    });
    assert.equal(err.headers.get('retry-after'), '12');
    assert.equal(err.headers.get('retry-after-ms'), '12000');
    assert.equal(err.headers.get('x-ratelimit-remaining-requests'), '0');
    now += 12_000; // the first two images leave the window
    await client.images.generate({ ...params, n: 2 });
    await rejectsWith(client.images.generate(params), RateLimitError);
  });

  it('does not count rejected or invalid requests', async () => {
    now += 120_000;
    await rejectsWith(sdk(emu).images.generate({ ...params, n: 6 }), RateLimitError, { message: /Requested 6/ });
    await sdk(emu).images.generate({ ...params, n: 5 });
  });
});
