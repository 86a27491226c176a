/** Flags every image-making command shares: where images go, caching, output form, confirmation, endpoint. */
import * as path from 'node:path';
import * as z from 'zod';
import type { FlagOptions } from './parseFlags';
import { integerFlag } from './imageFlags';

export const jobFlagOptions = {
  workspace: { type: 'string' },
  'output-folder': { type: 'string' },
  'no-cache': { type: 'boolean' },
  json: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'base-url': { type: 'string' },
  'images-per-minute': { type: 'string' },
  'monthly-budget': { type: 'string' },
  'confirm-above': { type: 'string' },
} as const satisfies FlagOptions;

export const jobFlagsShape = {
  workspace: z.string().min(1).optional(),
  'output-folder': z.string().min(1).default('ignore'),
  'no-cache': z.boolean().default(false),
  json: z.boolean().default(false),
  yes: z.boolean().default(false),
  'base-url': z.url({ protocol: /^https?$/, error: 'use an http(s) URL such as https://api.openai.com/v1' }).optional(),
  'images-per-minute': integerFlag(1, 10_000).default(5),
  // Checked as dollars in spendingLimits, which also reads their environment variables.
  'monthly-budget': z.string().optional(),
  'confirm-above': z.string().optional(),
};

/** The workspace folder as an absolute native path. */
export function workspaceFrom(flag: string | undefined, cwd: string): string {
  return path.resolve(cwd, flag ?? '.');
}
