import * as assert from 'node:assert/strict';
import { parseCliArgs } from '../../emulator/cli';
import { EMULATOR_TEST_KEY } from '../../emulator/constants';
import { formatDuration } from '../../emulator/durations';
import { maskKey } from '../../emulator/keyRedaction';
import { latencyMs } from '../../emulator/latency';
import { headline, xmlEscape } from '../../emulator/promptArt';
import { RateLimiter } from '../../emulator/rateLimiter';
import { validateSize } from '../../emulator/sizes';
import { computeUsage, outputTokensPerImage } from '../../emulator/usage';

describe('emulator: helpers', () => {
  it('formats durations like the rate-limit headers', () => {
    assert.equal(formatDuration(12), '12ms');
    assert.equal(formatDuration(1500), '1.5s');
    assert.equal(formatDuration(12_000), '12s');
    assert.equal(formatDuration(360_000), '6m0s');
    assert.equal(formatDuration(3_723_000), '1h2m3s');
  });

  it('masks keys keeping a prefix and the last 4 characters', () => {
    assert.equal(maskKey('sk-abcdefghijklmnopqrstuvwxyz'), 'sk-abcde*****************wxyz');
    assert.ok(!maskKey('short').includes('short'));
  });

  it('escapes XML in drawn text', () => {
    assert.equal(xmlEscape(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    assert.equal(headline('one two three four five six seven'), 'one two three four five six');
  });

  it('validates 2.x sizes', () => {
    assert.deepEqual(validateSize('1536x864', 'gpt-image-2'), { width: 1536, height: 864 });
    assert.equal(validateSize('auto', 'gpt-image-1'), 'auto');
    assert.throws(() => validateSize('1536x864', 'gpt-image-1'));
  });

  it('computes usage from the token table', () => {
    assert.equal(outputTokensPerImage('gpt-image-1', 'high', { width: 1024, height: 1536 }), 6240);
    assert.equal(outputTokensPerImage('gpt-image-2', 'medium', { width: 2048, height: 2048 }), 4 * 1056);
    const u = computeUsage({
      prompt: 'abcde',
      inputImages: 2,
      inputFidelity: 'low',
      outputTokensPerImage: 272,
      images: 1,
      partialImages: 2,
    });
    assert.deepEqual([u.input_tokens, u.output_tokens, u.total_tokens], [2 + 646, 472, 2 + 646 + 472]);
  });

  it('models latency per quality and size', () => {
    assert.equal(latencyMs('medium', { width: 1024, height: 1024 }, 1), 20_000);
    assert.equal(latencyMs('high', { width: 2048, height: 1024 }, 0.5), 60_000);
    assert.equal(latencyMs('low', { width: 1024, height: 1024 }, 0), 0);
  });

  it('frees the window as images age out', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    assert.ok(limiter.admit(2, 10).ok);
    const refused = limiter.admit(1, 10);
    assert.ok(!refused.ok && refused.retryAfterMs === 60_000);
    now = 60_001;
    assert.ok(limiter.admit(1, 10).ok);
  });

  it('parses CLI flags', () => {
    assert.deepEqual(
      parseCliArgs(['--port', '9000', '--api-key', 'k', '--images-per-minute', '5', '--latency-scale', '0.5']),
      {
        port: 9000,
        host: '127.0.0.1',
        apiKey: 'k',
        imagesPerMinute: 5,
        tokensPerMinute: 800_000,
        latencyScale: 0.5,
        batchLatencyMs: 5_000,
      },
    );
    assert.equal(parseCliArgs([]).apiKey, EMULATOR_TEST_KEY);
    assert.throws(() => parseCliArgs(['--latency-scale', 'fast']));
  });
});
