/**
 * Token usage. Output tokens per image follow the 1.x table (quality x size). For 2.x models the
 * emulator scales the 1024x1024 column by pixels / (1024*1024); `xhigh` and `max` count 1.5x and 2x
 * `high`. Input text tokens are ceil(prompt characters / 4). Each input image of an edit counts 323
 * image tokens (low fidelity, and 2.x models) or 1292 (input_fidelity high). A streamed partial image
 * adds 100 output tokens.
 */
import type { ModelFamily } from './models';
import type { Dimensions } from './sizes';
import type { Quality } from './validation';

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details: { text_tokens: number; image_tokens: number };
  output_tokens_details: { image_tokens: number; text_tokens: number };
}

type SizeKey = '1024x1024' | '1024x1536' | '1536x1024';

export const OUTPUT_TOKENS_1X: Readonly<Record<'low' | 'medium' | 'high', Readonly<Record<SizeKey, number>>>> = {
  low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
  medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
  high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
};

export const PARTIAL_IMAGE_TOKENS = 100;
export const INPUT_IMAGE_TOKENS = { low: 323, high: 1292 } as const;

function square(quality: Quality): number {
  if (quality === 'xhigh') return OUTPUT_TOKENS_1X.high['1024x1024'] * 1.5;
  if (quality === 'max') return OUTPUT_TOKENS_1X.high['1024x1024'] * 2;
  return OUTPUT_TOKENS_1X[quality]['1024x1024'];
}

export function outputTokensPerImage(family: ModelFamily, quality: Quality, size: Dimensions): number {
  const key = `${size.width}x${size.height}`;
  if (
    family !== 'gpt-image-2' &&
    quality !== 'xhigh' &&
    quality !== 'max' &&
    (key === '1024x1024' || key === '1024x1536' || key === '1536x1024')
  ) {
    return OUTPUT_TOKENS_1X[quality][key];
  }
  return Math.round((square(quality) * size.width * size.height) / (1024 * 1024));
}

export const textTokens = (prompt: string): number => Math.ceil(prompt.length / 4);

export interface UsageInput {
  readonly prompt: string;
  readonly inputImages: number;
  readonly inputFidelity: 'low' | 'high' | undefined;
  readonly outputTokensPerImage: number;
  readonly images: number;
  readonly partialImages: number;
}

export function computeUsage(u: UsageInput): Usage {
  const text = textTokens(u.prompt);
  const image = u.inputImages * INPUT_IMAGE_TOKENS[u.inputFidelity ?? 'low'];
  const output = u.images * u.outputTokensPerImage + u.partialImages * PARTIAL_IMAGE_TOKENS;
  return {
    input_tokens: text + image,
    output_tokens: output,
    total_tokens: text + image + output,
    input_tokens_details: { text_tokens: text, image_tokens: image },
    output_tokens_details: { image_tokens: output, text_tokens: 0 },
  };
}
