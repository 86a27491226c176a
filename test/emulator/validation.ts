/**
 * Validates the parameters of a generation or an edit and resolves the `auto` values:
 * quality auto → medium, background auto → opaque, output_format default png, size auto → see sizes.ts.
 */
import { MAX_PROMPT_CHARS } from './constants';
import {
  emptyString,
  integerAboveMax,
  integerBelowMin,
  invalidValue,
  missingParameter,
  modelNotFound,
  stringTooLong,
  unknownParameter,
  unsupportedValue,
} from './errors';
import { availableModel, type ModelInfo } from './models';
import type { ParamReader } from './params';
import { validateSize, type Dimensions } from './sizes';

export type ImageKind = 'generation' | 'edit';
export type Quality = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export type Background = 'transparent' | 'opaque';
export type OutputFormat = 'png' | 'jpeg' | 'webp';

export interface ImageRequest {
  readonly kind: ImageKind;
  readonly model: ModelInfo;
  readonly prompt: string;
  readonly n: number;
  /** Explicit dimensions, or 'auto' (resolved later: edits look at the input image). */
  readonly size: Dimensions | 'auto';
  readonly quality: Quality;
  readonly background: Background;
  readonly outputFormat: OutputFormat;
  readonly outputCompression: number | undefined;
  readonly stream: boolean;
  readonly partialImages: number;
  readonly inputFidelity: 'low' | 'high' | undefined;
  readonly moderation: 'auto' | 'low';
  readonly safetyIdentifier: string | undefined;
}

const COMMON_PARAMS = [
  'model',
  'prompt',
  'n',
  'size',
  'quality',
  'background',
  'output_format',
  'output_compression',
  'stream',
  'partial_images',
  'user',
  'safety_identifier',
  'complexity',
];
const GENERATION_PARAMS = new Set([...COMMON_PARAMS, 'moderation']);
/** `image`, `image[]` and `mask` are file parts and checked in uploads.ts. */
const EDIT_PARAMS = new Set([...COMMON_PARAMS, 'input_fidelity', 'image', 'image[]', 'mask']);

// The API's values as its docs and error texts give them, kept apart from src/facts: the emulator checks the engine.
const BASE_QUALITIES = ['low', 'medium', 'high', 'auto'];
const EXTRA_QUALITIES = ['low', 'medium', 'high', 'xhigh', 'max', 'auto'];
const BACKGROUNDS = ['transparent', 'opaque', 'auto'];
const FORMATS = ['png', 'jpeg', 'webp'];

/** The model the request names when none is given: the spec's default, the retired dall-e-2. */
export const DEFAULT_MODEL_ID = 'dall-e-2';

function oneOf<T extends string>(params: ParamReader, name: string, values: readonly string[]): T | undefined {
  const v = params.string(name);
  if (v === undefined) return undefined;
  if (!values.includes(v)) throw unsupportedValue(name, v, values);
  return v as T;
}

function integerIn(params: ParamReader, name: string, min: number, max: number): number | undefined {
  const v = params.integer(name);
  if (v === undefined) return undefined;
  if (v < min) throw integerBelowMin(name, min, v);
  if (v > max) throw integerAboveMax(name, max, v);
  return v;
}

export interface ValidationContext {
  readonly today: string;
  /** Azure: the deployment name stands for the model and the body's `model` is ignored. */
  readonly deploymentModel?: string;
}

export function validateImageRequest(params: ParamReader, kind: ImageKind, ctx: ValidationContext): ImageRequest {
  const allowed = kind === 'generation' ? GENERATION_PARAMS : EDIT_PARAMS;
  for (const key of params.keys()) {
    if (!allowed.has(key)) throw unknownParameter(key);
  }

  const prompt = params.string('prompt');
  if (prompt === undefined) throw missingParameter('prompt');
  if (prompt.length === 0) throw emptyString('prompt');
  if (prompt.length > MAX_PROMPT_CHARS) throw stringTooLong('prompt', MAX_PROMPT_CHARS, prompt.length);

  const modelId = ctx.deploymentModel ?? params.string('model') ?? DEFAULT_MODEL_ID;
  const model = availableModel(modelId, ctx.today);
  if (!model) throw modelNotFound(modelId);
  if (model.family === 'dall-e') {
    throw invalidValue('model', `The emulator does not emulate DALL-E models ('${modelId}'). Use a GPT Image model.`);
  }

  const n = integerIn(params, 'n', 1, 10) ?? 1;
  const sizeText = params.string('size') ?? 'auto';
  const size = validateSize(sizeText, model.family);
  const quality =
    oneOf<Quality | 'auto'>(params, 'quality', model.extraQualities ? EXTRA_QUALITIES : BASE_QUALITIES) ?? 'auto';
  const background = oneOf<Background | 'auto'>(params, 'background', BACKGROUNDS) ?? 'auto';
  const outputFormat = oneOf<OutputFormat>(params, 'output_format', FORMATS) ?? 'png';
  if (background === 'transparent' && outputFormat === 'jpeg') {
    throw invalidValue(
      'background',
      "Transparent background is not supported for output format 'jpeg'. Use 'png' or 'webp'.",
    );
  }
  const outputCompression = integerIn(params, 'output_compression', 0, 100);
  if (outputCompression !== undefined && outputFormat === 'png') {
    throw invalidValue(
      'output_compression',
      "output_compression is only supported for output formats 'jpeg' and 'webp', not 'png'.",
    );
  }
  const stream = params.boolean('stream') ?? false;
  const partialImages = integerIn(params, 'partial_images', 0, 3) ?? 0;
  const moderation = oneOf<'auto' | 'low'>(params, 'moderation', ['auto', 'low']) ?? 'auto';
  oneOf(params, 'complexity', ['low', 'medium', 'high']);
  const user = params.string('user');
  const safetyIdentifier = params.string('safety_identifier') || user || undefined;

  let inputFidelity: 'low' | 'high' | undefined;
  if (kind === 'edit' && params.has('input_fidelity')) {
    if (model.inputFidelity.length === 0) {
      throw invalidValue(
        'input_fidelity',
        `input_fidelity is not supported for model '${model.id}'. Omit this parameter.`,
      );
    }
    inputFidelity = oneOf<'low' | 'high'>(params, 'input_fidelity', model.inputFidelity);
  }

  return {
    kind,
    model,
    prompt,
    n,
    size,
    quality: quality === 'auto' ? 'medium' : quality,
    background: background === 'auto' ? 'opaque' : background,
    outputFormat,
    outputCompression,
    stream,
    partialImages,
    inputFidelity: inputFidelity ?? (model.inputFidelity.length > 0 && kind === 'edit' ? 'low' : undefined),
    moderation,
    safetyIdentifier,
  };
}
