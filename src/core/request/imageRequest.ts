/** The image request: zod schema, per-model checks, and the SDK body it becomes. */
import type { ImageEditParams, ImageGenerateParams } from 'openai/resources/images';
import * as z from 'zod';
import { ImageStudioError } from '../errors';
import { inspectImage } from './imageBytes';
import {
  BACKGROUNDS,
  INPUT_FIDELITIES,
  INPUT_MIME_TYPES,
  MAX_PROMPT_CHARS,
  MODERATIONS,
  OUTPUT_FORMATS,
  QUALITIES,
} from '../../facts/imageOptions';
import {
  FIXED_SIZES,
  MAX_ASPECT_2X,
  MAX_EDGE_2X,
  MAX_PIXELS_2X,
  MIN_PIXELS_2X,
  SIDE_MULTIPLE_2X,
  SIZE_PATTERN,
} from '../../facts/imageSizes';
import { describeModel, type ModelDescription } from './models';

export const MAX_INPUT_IMAGES = 16;
/** The API's limit per uploaded image. */
export const MAX_INPUT_IMAGE_BYTES = 50 * 1024 * 1024;

const imageInputSchema = z
  .object({
    name: z.string().min(1).max(255),
    mimeType: z.enum(INPUT_MIME_TYPES),
    bytes: z.instanceof(Uint8Array),
  })
  .strict();

const commonFields = {
  model: z.string().trim().min(1).max(200),
  prompt: z.string().trim().min(1).max(MAX_PROMPT_CHARS),
  n: z.number().int().min(1).max(10).default(1),
  size: z.string().regex(SIZE_PATTERN).default('auto'),
  quality: z.enum(QUALITIES).default('auto'),
  background: z.enum(BACKGROUNDS).default('auto'),
  outputFormat: z.enum(OUTPUT_FORMATS).default('png'),
  outputCompression: z.number().int().min(0).max(100).optional(),
  stream: z.boolean().default(false),
  partialImages: z.number().int().min(0).max(3).optional(),
  user: z.string().trim().min(1).max(256).optional(),
  safetyIdentifier: z.string().trim().min(1).max(256).optional(),
};

export const generateRequestSchema = z
  .object({
    kind: z.literal('generate'),
    ...commonFields,
    moderation: z.enum(MODERATIONS).optional(),
  })
  .strict();

export const editRequestSchema = z
  .object({
    kind: z.literal('edit'),
    ...commonFields,
    images: z.array(imageInputSchema).min(1).max(MAX_INPUT_IMAGES),
    mask: imageInputSchema.optional(),
    inputFidelity: z.enum(INPUT_FIDELITIES).optional(),
  })
  .strict();

export const imageRequestSchema = z.discriminatedUnion('kind', [generateRequestSchema, editRequestSchema]);

export type ImageInput = z.output<typeof imageInputSchema>;
export type GenerateRequest = z.output<typeof generateRequestSchema>;
export type EditRequest = z.output<typeof editRequestSchema>;
/** An edit as callers write it, before defaults are filled in. */
export type EditRequestInput = z.input<typeof editRequestSchema>;
export type ImageRequest = z.output<typeof imageRequestSchema>;
/** What callers may pass: defaults filled in by `parseImageRequest`. */
export type ImageRequestInput = z.input<typeof imageRequestSchema>;

// Fields whose values are free text or bytes: never quoted back in a message.
const UNQUOTED_FIELDS = new Set(['prompt', 'user', 'safetyIdentifier', 'images', 'mask', 'bytes', 'name']);
// What GPT image models answer 400 `unknown_parameter` to, with the reason.
const REJECTED_LEGACY_OPTIONS: Readonly<Record<string, string>> = {
  responseFormat: 'GPT image models always return base64',
  response_format: 'GPT image models always return base64',
  style: 'it is a DALL-E 3 option',
};

/**
 * Validates an untrusted request against the schema and the model's rules; throws ImageStudioError before anything is
 * sent.
 */
export function parseImageRequest(input: unknown, today: Date = new Date()): ImageRequest {
  const candidate = withoutUndefined(input);
  rejectMisplacedOptions(candidate);
  const parsed = imageRequestSchema.safeParse(candidate, { reportInput: true });
  if (!parsed.success) {
    throw invalid(describeIssues(parsed.error.issues));
  }
  const request = parsed.data;
  checkForModel(request, describeModel(request.model, today));
  if (request.kind === 'edit') checkInputImages(request);
  return request;
}

/** Width and height the request asks for; `auto` counts as 1024x1024. */
export function resolveSize(request: Pick<ImageRequest, 'size'>): { width: number; height: number } {
  const parsed = parseSize(request.size);
  return parsed ?? { width: 1024, height: 1024 };
}

export type ApiParams =
  { endpoint: 'generate'; body: ImageGenerateParams } | { endpoint: 'edit'; body: ImageEditParams };

/** The exact snake_case body for `images.generate` / `images.edit`; `model` always sent, unset options omitted. */
export function toApiParams(request: ImageRequest): ApiParams {
  // `model` is always sent: the API's default is the retired dall-e-2.
  const common = {
    model: request.model,
    prompt: request.prompt,
    n: request.n,
    size: request.size,
    quality: request.quality,
    background: request.background,
    output_format: request.outputFormat,
    ...(request.outputCompression !== undefined ? { output_compression: request.outputCompression } : {}),
    ...(request.user !== undefined ? { user: request.user } : {}),
    ...(request.safetyIdentifier !== undefined ? { safety_identifier: request.safetyIdentifier } : {}),
  };
  const streaming = request.stream
    ? {
        stream: true as const,
        ...(request.partialImages !== undefined ? { partial_images: request.partialImages } : {}),
      }
    : {};
  if (request.kind === 'generate') {
    return {
      endpoint: 'generate',
      body: {
        ...common,
        ...(request.moderation !== undefined ? { moderation: request.moderation } : {}),
        ...streaming,
      },
    };
  }
  // Each upload carries its MIME type: the API rejects `application/octet-stream`.
  const images = request.images.map(toFile);
  return {
    endpoint: 'edit',
    body: {
      ...common,
      image: images.length === 1 && images[0] !== undefined ? images[0] : images,
      ...(request.mask !== undefined ? { mask: toFile(request.mask) } : {}),
      ...(request.inputFidelity !== undefined ? { input_fidelity: request.inputFidelity } : {}),
      ...streaming,
    },
  };
}

function toFile(input: ImageInput): File {
  // Copy into a plain ArrayBuffer-backed view: File wants BlobPart, which excludes SharedArrayBuffer views.
  return new File([new Uint8Array(input.bytes)], input.name, { type: input.mimeType });
}

function checkForModel(request: ImageRequest, model: ModelDescription): void {
  const id = request.model;
  if (model.state === 'retired') {
    throw new ImageStudioError({ kind: 'model-retired', model: id });
  }
  checkSize(request.size, model);
  if (!model.qualities.includes(request.quality)) {
    throw invalid(
      `quality "${request.quality}" is not valid for ${id}: allowed values are ${model.qualities.join(', ')} ` +
        '(xhigh and max need gpt-image-2.5 or gpt-image-2.6)',
    );
  }
  if (request.background === 'transparent') {
    if (!model.supportsTransparent) {
      throw invalid(`background "transparent" is not supported by ${id}: allowed values are opaque, auto`);
    }
    if (request.outputFormat === 'jpeg') {
      throw invalid('background "transparent" needs outputFormat png or webp (jpeg has no alpha channel)');
    }
  }
  if (request.outputCompression !== undefined && request.outputFormat === 'png') {
    throw invalid('outputCompression applies only to outputFormat jpeg or webp: remove it or change the format');
  }
  if (request.partialImages !== undefined && request.partialImages > 0 && !request.stream) {
    throw invalid(
      `partialImages ${request.partialImages} needs stream: true (partial images only arrive over a stream)`,
    );
  }
  if (request.kind === 'edit' && request.inputFidelity !== undefined && !model.supportsInputFidelity) {
    throw invalid(`inputFidelity is not supported by ${id}: only gpt-image-1.x models accept it; remove it`);
  }
}

function checkSize(size: string, model: ModelDescription): void {
  const problem = sizeProblem(size, model);
  if (problem !== undefined) throw invalid(problem);
}

/**
 * Why `size` (already of the SIZE_PATTERN shape) is not valid for `model`, or undefined when it is: the fixed 1.x list;
 * for 2.x both sides multiples of 16, long:short at most 3:1, each side at most 3840, 655,360 to 8,294,400 pixels.
 */
export function sizeProblem(size: string, model: ModelDescription): string | undefined {
  const id = model.id;
  if (model.sizePolicy === 'fixed') {
    return FIXED_SIZES.includes(size)
      ? undefined
      : `size "${size}" is not valid for ${id}: allowed values are ${FIXED_SIZES.join(', ')}`;
  }
  const parsed = parseSize(size);
  if (!parsed) return undefined; // auto
  const { width, height } = parsed;
  if (model.sizePolicy === 'lenient') {
    return width < 1 || height < 1 || width > 8192 || height > 8192
      ? `size "${size}" is not valid: both sides must be between 1 and 8192`
      : undefined;
  }
  const multiple = SIDE_MULTIPLE_2X;
  if (width < multiple || height < multiple || width % multiple !== 0 || height % multiple !== 0) {
    return `size "${size}" is not valid for ${id}: both sides must be multiples of 16 (e.g. 1024x1024)`;
  }
  if (Math.max(width, height) > MAX_ASPECT_2X * Math.min(width, height)) {
    return `size "${size}" is not valid for ${id}: the aspect ratio must be between 1:3 and 3:1 (e.g. 1536x512)`;
  }
  if (width > MAX_EDGE_2X || height > MAX_EDGE_2X) {
    return `size "${size}" is not valid for ${id}: each side must be at most ${MAX_EDGE_2X} (e.g. 3840x2160)`;
  }
  if (width * height > MAX_PIXELS_2X) {
    return (
      `size "${size}" is not valid for ${id}: at most ${formatCount(MAX_PIXELS_2X)} pixels, ` +
      'the area of 3840x2160 (e.g. 2880x2880)'
    );
  }
  if (width * height < MIN_PIXELS_2X) {
    return (
      `size "${size}" is not valid for ${id}: at least ${formatCount(MIN_PIXELS_2X)} pixels, ` +
      'the area of 1024x640 (e.g. 1024x1024)'
    );
  }
  return undefined;
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function checkInputImages(request: EditRequest): void {
  const first = request.images[0];
  let firstSize: { width: number; height: number } | undefined;
  request.images.forEach((image, index) => {
    const info = checkInputImage(image, `images[${index}]`);
    if (index === 0) firstSize = info;
  });
  if (request.mask !== undefined && first !== undefined) {
    const mask = checkInputImage(request.mask, 'mask');
    if (mask.format !== 'png' || !mask.hasAlpha) {
      throw new ImageStudioError({ kind: 'mask-without-alpha' });
    }
    if (firstSize && (mask.width !== firstSize.width || mask.height !== firstSize.height)) {
      throw new ImageStudioError({
        kind: 'mask-size-mismatch',
        mask: { width: mask.width, height: mask.height },
        image: firstSize,
      });
    }
  }
}

function checkInputImage(
  image: ImageInput,
  label: string,
): { format: string; width: number; height: number; hasAlpha: boolean } {
  if (image.bytes.byteLength > MAX_INPUT_IMAGE_BYTES) {
    throw new ImageStudioError({ kind: 'input-image-too-large', label, bytes: image.bytes.byteLength });
  }
  let info;
  try {
    info = inspectImage(image.bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^Invalid image: /, '') : 'unreadable';
    throw new ImageStudioError({ kind: 'input-image-unreadable', label, name: image.name, detail: reason });
  }
  const expected = image.mimeType === 'image/jpeg' ? 'jpeg' : image.mimeType === 'image/png' ? 'png' : 'webp';
  if (info.format !== expected) {
    throw new ImageStudioError({
      kind: 'input-image-type-mismatch',
      label,
      declared: image.mimeType,
      actual: info.format,
    });
  }
  return info;
}

/** `null` for `auto`. */
function parseSize(size: string): { width: number; height: number } | null {
  const match = /^(\d+)x(\d+)$/.exec(size);
  if (!match) return null;
  return { width: Number(match[1]), height: Number(match[2]) };
}

function invalid(message: string): ImageStudioError {
  return new ImageStudioError({ kind: 'request-invalid', problem: message });
}

function withoutUndefined(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** Options that exist, but not for this kind of request, get a message better than "unrecognized key". */
function rejectMisplacedOptions(input: unknown): void {
  if (typeof input !== 'object' || input === null) return;
  const record = input as Record<string, unknown>;
  if (record['kind'] === 'edit' && 'moderation' in record) {
    throw invalid('moderation is not available for edits: the edit endpoint has no moderation option; remove it');
  }
  if (record['kind'] === 'generate' && 'inputFidelity' in record) {
    throw invalid('inputFidelity applies only to edits: remove it');
  }
  if (record['kind'] === 'generate' && ('images' in record || 'mask' in record)) {
    throw invalid('images and mask apply only to edits: use kind "edit"');
  }
  for (const key of Object.keys(REJECTED_LEGACY_OPTIONS)) {
    if (key in record) {
      throw invalid(`${key} is not accepted by GPT image models (${REJECTED_LEGACY_OPTIONS[key] ?? ''}); remove it`);
    }
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.slice(0, 3).map(describeIssue).join('; ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const option = optionName(issue.path);
  const field = String(issue.path[issue.path.length - 1] ?? '');
  const shown = UNQUOTED_FIELDS.has(field) ? '' : quoteValue(issue.input);
  const subject = shown ? `${option} ${shown}` : option;
  switch (issue.code) {
    case 'invalid_value':
      if (issue.path.length === 0 || field === 'kind') return 'kind must be "generate" or "edit"';
      return `${subject} is not valid: allowed values are ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'kind must be "generate" or "edit"';
    case 'invalid_type':
      if (issue.input === undefined) return `${option} is required`;
      return `${subject} is not valid: expected ${expectedType(issue.expected)}`;
    case 'too_small':
      if (field === 'prompt') return 'prompt is empty: describe the image';
      if (issue.origin === 'array') return `${option} needs at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return `${option} must not be empty`;
      return `${subject} is not valid: must be at least ${issue.minimum}${rangeHint(field)}`;
    case 'too_big':
      if (field === 'prompt') return `prompt is too long: at most ${MAX_PROMPT_CHARS} characters`;
      if (issue.origin === 'array') return `${option} allows at most ${issue.maximum} item(s)`;
      if (issue.origin === 'string') return `${option} is too long: at most ${issue.maximum} characters`;
      return `${subject} is not valid: must be at most ${issue.maximum}${rangeHint(field)}`;
    case 'invalid_format':
      if (field === 'size') return `${subject} is not valid: use "auto" or WIDTHxHEIGHT such as 1024x1024`;
      return `${subject} is not valid`;
    case 'unrecognized_keys':
      return unknownOptions(issue.keys, option);
    default:
      return `${subject} is not valid: ${issue.message}`;
  }
}

function expectedType(expected: string): string {
  return expected === 'instanceof' ? 'bytes (Uint8Array)' : expected;
}

function unknownOptions(keys: readonly string[], option: string): string {
  const plural = keys.length > 1;
  const where = option === 'request' ? '' : ` in ${option}`;
  const named = keys.map((k) => `"${k}"`).join(', ');
  return `unknown option${plural ? 's' : ''} ${named}${where}: remove ${plural ? 'them' : 'it'}`;
}

function rangeHint(field: string): string {
  switch (field) {
    case 'n':
      return ' (allowed 1 to 10)';
    case 'outputCompression':
      return ' (allowed 0 to 100)';
    case 'partialImages':
      return ' (allowed 0 to 3)';
    default:
      return '';
  }
}

function optionName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'request';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`))
    .join('');
}

function quoteValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && value.length <= 40) return JSON.stringify(value);
  return '';
}
