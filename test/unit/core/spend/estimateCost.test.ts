import { strict as assert } from 'node:assert';
import sharp from 'sharp';
import { costFromUsage, estimateCost, formatUsd, priceFor, PRICES } from '../../../../src/core/spend/estimateCost';
import { parseImageRequest, type ImageRequest } from '../../../../src/core/request/imageRequest';

const NOV_2026 = new Date('2026-11-15T12:00:00Z');

function request(input: Record<string, unknown>): ImageRequest {
  return parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt: 'abcd', ...input }, NOV_2026);
}

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);
}

describe('prices.json', () => {
  it('holds the published prices and the batch discount', () => {
    assert.deepEqual(PRICES.models['gpt-image-1'], { textInput: 5, imageInput: 10, imageOutput: 40 });
    assert.deepEqual(PRICES.models['gpt-image-1-mini'], { textInput: 2, imageInput: 2.5, imageOutput: 8 });
    assert.deepEqual(PRICES.models['gpt-image-1.5'], { textInput: 5, imageInput: 8, imageOutput: 32 });
    for (const id of [
      'gpt-image-2',
      'gpt-image-2.5-sunburst',
      'gpt-image-2.5-flare',
      'gpt-image-2.6-sunburst',
      'gpt-image-2.6-flare',
    ]) {
      assert.deepEqual(PRICES.models[id], { textInput: 5, imageInput: 8, imageOutput: 30 }, id);
    }
    assert.equal(PRICES.batchDiscount, 0.5);
  });

  it('falls back to gpt-image-2 prices for unknown models', () => {
    assert.deepEqual(priceFor('mystery'), { price: { textInput: 5, imageInput: 8, imageOutput: 30 }, known: false });
  });
});

describe('estimateCost', () => {
  it('1.x table: medium 1024x1024 on gpt-image-1', () => {
    const estimate = estimateCost(request({ model: 'gpt-image-1', quality: 'medium', size: '1024x1024' }));
    assert.equal(estimate.outputTokens, 1056);
    assert.equal(estimate.inputTokens, 1); // ceil(4 / 4)
    close(estimate.usd, (1 * 5 + 1056 * 40) / 1e6);
    assert.equal(estimate.estimated, true);
  });

  it('uses each table cell', () => {
    const expected: Record<string, Record<string, number>> = {
      low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
      medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
      high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
    };
    for (const [quality, sizes] of Object.entries(expected)) {
      for (const [size, tokens] of Object.entries(sizes)) {
        assert.equal(
          estimateCost(request({ model: 'gpt-image-1.5', quality, size })).breakdown.outputTokensPerImage,
          tokens,
          `${quality} ${size}`,
        );
      }
    }
  });

  it('auto quality is estimated as high, auto size as the costliest size, and says so', () => {
    const estimate = estimateCost(request({}));
    assert.equal(estimate.breakdown.outputTokensPerImage, 6240);
    assert.ok(estimate.breakdown.notes.some((note) => /auto.*high.*worst case/i.test(note)));
    assert.ok(estimate.breakdown.notes.some((note) => /Size "auto"/.test(note)));
  });

  it('2.x custom sizes scale by area; xhigh 1.5x and max 2x high', () => {
    assert.equal(estimateCost(request({ size: '2048x2048', quality: 'low' })).breakdown.outputTokensPerImage, 272 * 4);
    assert.equal(
      estimateCost(request({ size: '1024x640', quality: 'high' })).breakdown.outputTokensPerImage,
      4160 * 0.625,
    );
    assert.equal(
      estimateCost(request({ model: 'gpt-image-2.5-flare', size: '1024x1024', quality: 'xhigh' })).breakdown
        .outputTokensPerImage,
      6240,
    );
    assert.equal(
      estimateCost(request({ model: 'gpt-image-2.6-flare', size: '1024x1024', quality: 'max' })).breakdown
        .outputTokensPerImage,
      8320,
    );
  });

  it('multiplies by n, adds 100 tokens per partial image per image', () => {
    const estimate = estimateCost(request({ n: 3, size: '1024x1024', quality: 'low', stream: true, partialImages: 2 }));
    assert.equal(estimate.outputTokens, 3 * 272 + 3 * 2 * 100);
    assert.equal(estimate.breakdown.partialImageTokens, 600);
    close(estimate.usd, (1 * 5 + estimate.outputTokens * 30) / 1e6);
  });

  it('text input is ceil(chars / 4)', () => {
    assert.equal(
      estimateCost(request({ prompt: 'x'.repeat(401), size: '1024x1024', quality: 'low' })).breakdown.textInputTokens,
      101,
    );
  });

  it('batch halves the price', () => {
    const normal = estimateCost(request({ size: '1024x1024', quality: 'low' }));
    const batch = estimateCost(request({ size: '1024x1024', quality: 'low' }), { batch: true });
    close(batch.usd, normal.usd / 2);
  });

  it('edits count input image tokens by tiles, plus high fidelity on 1.x', async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    const base = {
      kind: 'edit',
      model: 'gpt-image-1.5',
      prompt: 'abcd',
      size: '1024x1024',
      quality: 'low',
      images: [{ name: 'a.png', mimeType: 'image/png', bytes: png }],
    };
    const plain = estimateCost(parseImageRequest(base, NOV_2026));
    // 1024 → short side 768: 768x768 → 2x2 tiles → 85 + 4 * 170.
    assert.equal(plain.breakdown.imageInputTokens, 765);
    close(plain.breakdown.imageInputUsd, (765 * 8) / 1e6);
    const high = estimateCost(parseImageRequest({ ...base, inputFidelity: 'high' }, NOV_2026));
    assert.equal(high.breakdown.imageInputTokens, 765 + 4160);
  });

  it('unknown model → gpt-image-2 prices, noted', () => {
    const estimate = estimateCost(request({ model: 'proxy-model', size: '1024x1024', quality: 'low' }));
    close(estimate.usd, (1 * 5 + 272 * 30) / 1e6);
    assert.ok(estimate.breakdown.notes.some((note) => /No price known for proxy-model/.test(note)));
  });
});

describe('costFromUsage', () => {
  it('prices text, image input and output tokens separately', () => {
    const cost = costFromUsage('gpt-image-1', {
      input_tokens: 150,
      output_tokens: 1056,
      total_tokens: 1206,
      input_tokens_details: { text_tokens: 50, image_tokens: 100 },
    });
    assert.ok(cost);
    close(cost.usd, (50 * 5 + 100 * 10 + 1056 * 40) / 1e6);
    assert.equal(cost.estimated, false);
    assert.equal(cost.inputTokens, 150);
  });

  it('tolerates missing details (all input priced as text, flagged)', () => {
    const cost = costFromUsage('gpt-image-2', { input_tokens: 50, output_tokens: 1000, total_tokens: 1050 });
    assert.ok(cost);
    close(cost.usd, (50 * 5 + 1000 * 30) / 1e6);
    assert.equal(cost.estimated, true);
    assert.ok(costFromUsage('gpt-image-2', { input_tokens: 1, output_tokens: 1, input_tokens_details: null }));
  });

  it('unknown model → fallback prices, estimated', () => {
    const cost = costFromUsage('mystery', {
      input_tokens: 10,
      output_tokens: 10,
      input_tokens_details: { text_tokens: 10, image_tokens: 0 },
    });
    assert.equal(cost?.estimated, true);
  });

  it('undefined for missing or malformed usage', () => {
    for (const bad of [
      undefined,
      null,
      {},
      { input_tokens: -1, output_tokens: 1 },
      { input_tokens: '5', output_tokens: 1 },
    ]) {
      assert.equal(costFromUsage('gpt-image-2', bad), undefined);
    }
  });

  it('applies the batch discount', () => {
    const usage = { input_tokens: 10, output_tokens: 100, input_tokens_details: { text_tokens: 10, image_tokens: 0 } };
    close(
      costFromUsage('gpt-image-2', usage, { batch: true })?.usd ?? NaN,
      (costFromUsage('gpt-image-2', usage)?.usd ?? NaN) / 2,
    );
  });
});

describe('formatUsd', () => {
  it('formats small, medium and large amounts', () => {
    assert.equal(formatUsd(0.042), '$0.042');
    assert.equal(formatUsd(0.0424), '$0.042');
    assert.equal(formatUsd(0.0009), '<$0.001');
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(Number.NaN), '$0.00');
    assert.equal(formatUsd(1.25), '$1.25');
    assert.equal(formatUsd(12.5), '$12.50');
    assert.equal(formatUsd(1234.5), '$1,234.50');
  });
});
