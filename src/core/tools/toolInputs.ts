/**
 * The agent tools' input schemas, shared by the MCP server and the VS Code language-model tools: zod shapes whose JSON
 * schemas the MCP SDK derives and package.json declares, with descriptions written for the model that calls them.
 */
import * as z from 'zod';
import { BACKGROUNDS, MAX_PROMPT_CHARS, OUTPUT_FORMATS, QUALITIES } from '../../facts/imageOptions';
import { SIZE_PATTERN } from '../../facts/imageSizes';
import { MAX_INPUT_IMAGES } from '../request/imageRequest';
import { DEFAULT_MODEL } from '../request/models';
import type { ChosenOptions } from '../request/requestOptions';

const workspaceFile = (what: string): z.ZodString =>
  z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .describe(`${what}: a path relative to the workspace folder (or an absolute path inside it)`);

export const imageOptionsShape = {
  size: z
    .string()
    .regex(SIZE_PATTERN, 'use auto or WIDTHxHEIGHT, e.g. 1536x1024')
    .optional()
    .describe(
      'Pixel size WIDTHxHEIGHT or "auto" (default). Common: 1024x1024 (square), 1536x1024 (landscape), ' +
        '1024x1536 (portrait); gpt-image-2 also takes custom sizes with edges that are multiples of 16, up to 3840.',
    ),
  quality: z
    .enum(QUALITIES)
    .optional()
    .describe('Rendering quality; "low" is cheapest and fastest, "high" costs the most. Default "auto".'),
  background: z
    .enum(BACKGROUNDS)
    .optional()
    .describe('"transparent" for a cut-out (needs format png or webp), "opaque", or "auto" (default).'),
  format: z.enum(OUTPUT_FORMATS).optional().describe('File format of the saved image. Default "png".'),
  count: z.number().int().min(1).max(10).optional().describe('How many images to make (1 to 10, default 1).'),
  model: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      `GPT Image model id, e.g. ${DEFAULT_MODEL}. Leave it out unless the person asked for a model: the one Image ` +
        'Studio is set to use is taken.',
    ),
};

const prompt = z.string().trim().min(1).max(MAX_PROMPT_CHARS);

const documentField = workspaceFile(
  'The document (Markdown, say) the image will be linked from; the returned link is relative to it. ' +
    'It need not exist yet',
).optional();

export const generateImageShape = {
  prompt: prompt.describe('What the image should show: subject, style, composition, any text to render in it.'),
  ...imageOptionsShape,
  document: documentField,
};

export const editImageShape = {
  image: workspaceFile('The image to edit (PNG, JPEG or WebP)'),
  prompt: prompt.describe('What to change in the image, or what to make from it and the reference images.'),
  mask: workspaceFile(
    'Optional PNG mask, the size of the image, transparent where the image may change and opaque where it must stay',
  ).optional(),
  references: z
    .array(workspaceFile('A reference image'))
    .max(MAX_INPUT_IMAGES - 1)
    .optional()
    .describe('Optional further images the edit draws on (a product, a style, a face), after the edited image.'),
  ...imageOptionsShape,
  document: documentField,
};

export const listImagesShape = {
  limit: z.number().int().min(1).max(200).optional().describe('How many of the newest images to list (default 20).'),
};

export const estimateCostShape = {
  prompt: prompt.describe('The prompt the request would send (its length adds input tokens).'),
  ...imageOptionsShape,
  images: z
    .array(workspaceFile('An input image'))
    .min(1)
    .max(MAX_INPUT_IMAGES)
    .optional()
    .describe('For an edit: the workspace images it would send (they add input tokens). Leave out for a generation.'),
};

export type ImageOptionsInput = z.output<z.ZodObject<typeof imageOptionsShape>>;

/** The options chosen by `defaults` (the settings, say) with those the tool call gives in their place. */
export function chosenOptionsFor(input: ImageOptionsInput, defaults: ChosenOptions): ChosenOptions {
  return {
    ...defaults,
    ...(input.model !== undefined ? { model: input.model } : {}),
    ...(input.count !== undefined ? { n: input.count } : {}),
    ...(input.size !== undefined ? { size: input.size } : {}),
    ...(input.quality !== undefined ? { quality: input.quality } : {}),
    ...(input.background !== undefined ? { background: input.background } : {}),
    ...(input.format !== undefined ? { outputFormat: input.format } : {}),
  };
}
