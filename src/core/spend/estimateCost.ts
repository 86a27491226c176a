/** Cost of an image request: an estimate before the call, the real figure from the response's `usage`. */
import * as z from 'zod';
import priceFile from './prices.json';
import { inspectImage } from '../request/imageBytes';
import type { ImageRequest } from '../request/imageRequest';
import { describeModel } from '../request/models';

const tokenPriceSchema = z.object({
  textInput: z.number().nonnegative(),
  imageInput: z.number().nonnegative(),
  imageOutput: z.number().nonnegative(),
});
const sizeTokensSchema = z.object({ '1024x1024': z.number(), '1024x1536': z.number(), '1536x1024': z.number() });

const priceTableSchema = z.object({
  batchDiscount: z.number().gt(0).max(1),
  fallbackModel: z.string(),
  models: z.record(z.string(), tokenPriceSchema),
  outputTokens: z.object({ low: sizeTokensSchema, medium: sizeTokensSchema, high: sizeTokensSchema }),
  partialImageTokens: z.number().nonnegative(),
  xhighFactor: z.number().positive(),
  maxFactor: z.number().positive(),
  imageInput: z.object({
    baseTokens: z.number().nonnegative(),
    tileTokens: z.number().nonnegative(),
    highFidelityExtraTokens: z.number().nonnegative(),
    unreadableImageTokens: z.number().nonnegative(),
  }),
});

export type TokenPrice = z.output<typeof tokenPriceSchema>;
export type PriceTable = z.output<typeof priceTableSchema>;

/** The price table from prices.json, validated once. */
export const PRICES: PriceTable = priceTableSchema.parse(priceFile);

export interface CostBreakdown {
  images: number;
  textInputTokens: number;
  imageInputTokens: number;
  /** Output tokens for one final image (before partials). */
  outputTokensPerImage: number;
  partialImageTokens: number;
  textInputUsd: number;
  imageInputUsd: number;
  outputUsd: number;
  /** The prices used, per 1M tokens. */
  price: TokenPrice;
  /** Why the figure is an estimate: assumptions a user should know. */
  notes: string[];
}

export interface CostEstimate {
  inputTokens: number;
  outputTokens: number;
  usd: number;
  /**
   * True when any figure is guessed: always for `estimateCost`, for `costFromUsage` when prices or details are missing.
   */
  estimated: boolean;
  breakdown: CostBreakdown;
}

export interface CostOptions {
  /** Priced at the Batch API's discount. */
  batch?: boolean;
}

type TableQuality = 'low' | 'medium' | 'high';
type TableSize = '1024x1024' | '1024x1536' | '1536x1024';
const TABLE_SIZES: readonly TableSize[] = ['1024x1024', '1024x1536', '1536x1024'];
// With `size: auto` the model picks; we assume the costliest table size (portrait).
const WORST_CASE_SIZE: TableSize = '1024x1536';

/** Worst-case estimate of a request's tokens and price before it is sent. */
export function estimateCost(request: ImageRequest, options: CostOptions = {}): CostEstimate {
  const notes: string[] = ['Estimate: the bill comes from the usage the API reports.'];
  const { price, known } = priceFor(request.model);
  if (!known) notes.push(`No price known for ${request.model}; ${PRICES.fallbackModel} prices used.`);

  const textInputTokens = Math.ceil(request.prompt.length / 4);
  const imageInputTokens = request.kind === 'edit' ? estimateImageInputTokens(request, notes) : 0;
  const outputTokensPerImage = outputTokensFor(request, notes);
  const partials = request.stream ? (request.partialImages ?? 0) : 0;
  const partialImageTokens = partials * PRICES.partialImageTokens * request.n;
  const outputTokens = outputTokensPerImage * request.n + partialImageTokens;

  return priced({
    images: request.n,
    textInputTokens,
    imageInputTokens,
    outputTokensPerImage,
    partialImageTokens,
    outputTokens,
    price,
    notes,
    estimated: true,
    batch: options.batch ?? false,
  });
}

const usageSchema = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative().optional(),
  input_tokens_details: z
    .object({
      text_tokens: z.number().int().nonnegative().optional(),
      image_tokens: z.number().int().nonnegative().optional(),
    })
    .nullish(),
});

export type ImageUsage = z.output<typeof usageSchema>;

/** The price of a finished request from the API's `usage` object; `undefined` when `usage` is missing or malformed. */
export function costFromUsage(model: string, usage: unknown, options: CostOptions = {}): CostEstimate | undefined {
  const parsed = usageSchema.safeParse(usage);
  if (!parsed.success) return undefined;
  const { input_tokens: inputTokens, output_tokens: outputTokens, input_tokens_details: details } = parsed.data;
  const notes: string[] = [];
  const { price, known } = priceFor(model);
  if (!known) notes.push(`No price known for ${model}; ${PRICES.fallbackModel} prices used.`);
  let textInputTokens = inputTokens;
  let imageInputTokens = 0;
  const detailed = details?.text_tokens !== undefined || details?.image_tokens !== undefined;
  if (detailed) {
    imageInputTokens = Math.min(inputTokens, details?.image_tokens ?? 0);
    textInputTokens = details?.text_tokens ?? inputTokens - imageInputTokens;
  } else {
    notes.push('The API gave no input token details; all input tokens priced as text.');
  }
  return priced({
    images: 0,
    textInputTokens,
    imageInputTokens,
    outputTokensPerImage: 0,
    partialImageTokens: 0,
    outputTokens,
    price,
    notes,
    estimated: !known || !detailed,
    batch: options.batch ?? false,
  });
}

/** Dollars for display: "$0.042", "$1.25", "<$0.001" for tiny non-zero amounts. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0.00';
  if (usd < 0.001) return '<$0.001';
  if (usd < 1) return `$${usd.toFixed(3)}`;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Prices for a model id; unknown ids get the fallback model's prices and `known: false`. */
export function priceFor(model: string): { price: TokenPrice; known: boolean } {
  const price = PRICES.models[model];
  if (price) return { price, known: true };
  const fallback = PRICES.models[PRICES.fallbackModel];
  if (!fallback) throw new Error(`prices.json has no entry for its fallbackModel ${PRICES.fallbackModel}`);
  return { price: fallback, known: false };
}

interface PricingInput {
  images: number;
  textInputTokens: number;
  imageInputTokens: number;
  outputTokensPerImage: number;
  partialImageTokens: number;
  outputTokens: number;
  price: TokenPrice;
  notes: string[];
  estimated: boolean;
  batch: boolean;
}

function priced(input: PricingInput): CostEstimate {
  const factor = input.batch ? PRICES.batchDiscount : 1;
  if (input.batch) input.notes.push(`Batch API price (${Math.round((1 - PRICES.batchDiscount) * 100)}% off).`);
  const textInputUsd = (input.textInputTokens * input.price.textInput * factor) / 1e6;
  const imageInputUsd = (input.imageInputTokens * input.price.imageInput * factor) / 1e6;
  const outputUsd = (input.outputTokens * input.price.imageOutput * factor) / 1e6;
  return {
    inputTokens: input.textInputTokens + input.imageInputTokens,
    outputTokens: input.outputTokens,
    usd: textInputUsd + imageInputUsd + outputUsd,
    estimated: input.estimated,
    breakdown: {
      images: input.images,
      textInputTokens: input.textInputTokens,
      imageInputTokens: input.imageInputTokens,
      outputTokensPerImage: input.outputTokensPerImage,
      partialImageTokens: input.partialImageTokens,
      textInputUsd,
      imageInputUsd,
      outputUsd,
      price: input.price,
      notes: input.notes,
    },
  };
}

function outputTokensFor(request: ImageRequest, notes: string[]): number {
  let tableQuality: TableQuality;
  let factor = 1;
  switch (request.quality) {
    case 'auto':
      tableQuality = 'high';
      notes.push('Quality "auto" estimated as high (the worst case).');
      break;
    case 'xhigh':
      tableQuality = 'high';
      factor = PRICES.xhighFactor;
      notes.push(`Quality "xhigh" estimated as ${PRICES.xhighFactor}x high.`);
      break;
    case 'max':
      tableQuality = 'high';
      factor = PRICES.maxFactor;
      notes.push(`Quality "max" estimated as ${PRICES.maxFactor}x high.`);
      break;
    default:
      tableQuality = request.quality;
  }
  const table = PRICES.outputTokens[tableQuality];
  if (request.size === 'auto') {
    notes.push(`Size "auto" estimated as ${WORST_CASE_SIZE} (the costliest standard size).`);
    return Math.round(table[WORST_CASE_SIZE] * factor);
  }
  const tableSize = TABLE_SIZES.find((size) => size === request.size);
  if (tableSize) return Math.round(table[tableSize] * factor);
  // Custom 2.x sizes: scale the square figure by pixel area. OpenAI publishes no table for these.
  const [width = 1024, height = 1024] = request.size.split('x').map(Number);
  const family = describeModel(request.model, new Date()).family;
  notes.push(
    `Size ${request.size} estimated by pixel area relative to ` +
      `1024x1024${family === '1.x' ? ' (unusual for this model)' : ''}.`,
  );
  return Math.round(table['1024x1024'] * ((width * height) / (1024 * 1024)) * factor);
}

function estimateImageInputTokens(request: Extract<ImageRequest, { kind: 'edit' }>, notes: string[]): number {
  const images = request.mask ? [...request.images, request.mask] : request.images;
  const highFidelity =
    request.inputFidelity === 'high' && describeModel(request.model, new Date()).supportsInputFidelity;
  notes.push("Input image tokens estimated from each image's size (512-pixel tiles).");
  if (highFidelity) notes.push('High input fidelity adds tokens per input image.');
  let total = 0;
  for (const image of images) {
    total += tilesTokens(image.bytes);
    if (highFidelity && image !== request.mask) total += PRICES.imageInput.highFidelityExtraTokens;
  }
  return total;
}

function tilesTokens(bytes: Uint8Array): number {
  let width: number;
  let height: number;
  try {
    ({ width, height } = inspectImage(bytes));
  } catch {
    return PRICES.imageInput.unreadableImageTokens;
  }
  // Fit inside 2048x2048, then bring the short side down to 768 (never up), as vision inputs are resized.
  const fit = Math.min(1, 2048 / Math.max(width, height));
  width *= fit;
  height *= fit;
  const shrink = Math.min(1, 768 / Math.min(width, height));
  width *= shrink;
  height *= shrink;
  const tiles = Math.ceil(width / 512) * Math.ceil(height / 512);
  return PRICES.imageInput.baseTokens + PRICES.imageInput.tileTokens * tiles;
}
