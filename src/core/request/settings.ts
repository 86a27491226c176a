import * as z from 'zod';
import { ImageStudioError } from '../errors';
import { DEFAULT_AZURE_API_VERSION } from '../../facts/azure';
import { BACKGROUNDS, MODERATIONS, OUTPUT_FORMATS, QUALITIES } from '../../facts/imageOptions';
import { SIZE_PATTERN } from '../../facts/imageSizes';
import { DEFAULT_MODEL } from './models';

/**
 * Setting keys below `imageStudio.` whose value may only come from user settings (T1, T2): the endpoints,
 * so a repository cannot send the key elsewhere; the spending limits, so a repository cannot raise them
 * and they hold in remote windows too (machine-scoped user values are ignored there); and the request
 * timeout, so a repository cannot make every paid render time out and be thrown away.
 */
export const applicationSettingKeys = [
  'provider',
  'baseUrl',
  'organization',
  'project',
  'azure.endpoint',
  'azure.deployment',
  'azure.apiVersion',
  'imagesPerMinute',
  'concurrency',
  'confirmAboveUsd',
  'monthlyBudgetUsd',
  'timeoutSeconds',
] as const;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Every Image Studio setting, with the defaults package.json declares. */
export const settingsSchema = z.object({
  model: z.string().trim().min(1).default(DEFAULT_MODEL),
  // The shape only: whether the size suits the model is checked with the request (parseImageRequest).
  size: z.string().regex(SIZE_PATTERN, 'use "auto" or WIDTHxHEIGHT, e.g. 1536x1024').default('auto'),
  quality: z.enum(QUALITIES).default('auto'),
  background: z.enum(BACKGROUNDS).default('auto'),
  outputFormat: z.enum(OUTPUT_FORMATS).default('png'),
  outputCompression: z.number().int().min(0).max(100).nullable().default(null),
  moderation: z.enum(MODERATIONS).default('auto'),
  imageCount: z.number().int().min(1).max(10).default(1),
  streamPreviews: z.boolean().default(true),
  partialImages: z.number().int().min(0).max(3).default(2),
  outputFolder: z.string().default('ignore'),
  linkStyle: z.enum(['auto', 'markdown', 'html']).default('auto'),
  cache: z.boolean().default(true),
  codeLens: z.boolean().default(true),
  timeoutSeconds: z.number().int().min(0).max(3600).default(0),
  imagesPerMinute: z.number().int().min(1).max(10_000).default(5),
  concurrency: z.number().int().min(1).max(16).default(2),
  confirmAboveUsd: z.number().min(0).default(0.5),
  monthlyBudgetUsd: z.number().min(0).default(0),
  showSpendInStatusBar: z.boolean().default(true),
  provider: z.enum(['openai', 'azure']).default('openai'),
  baseUrl: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  organization: optionalText,
  project: optionalText,
  'azure.endpoint': optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  'azure.deployment': optionalText,
  'azure.apiVersion': z.string().trim().min(1).default(DEFAULT_AZURE_API_VERSION),
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingKey = keyof Settings;

/** Parses raw setting values (undefined = default); a bad value names its setting and what is allowed. */
export function parseSettings(raw: Partial<Record<SettingKey, unknown>>): Settings {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const result = settingsSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  throw new ImageStudioError({ kind: 'setting-invalid', setting: key, problem: issue?.message ?? 'unexpected value' });
}
