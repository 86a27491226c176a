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

export const JOB_FLAGS_HELP = `Where and how:
  --workspace DIR          folder the images and manifest belong to (default: the current folder)
  --output-folder DIR      subfolder for images, made git-ignored (default ignore)
  --no-cache               pay for a new image even when an identical request was saved before
  --json                   print a machine-readable result on stdout
  -y, --yes                accept a cost above the confirmation threshold without asking
  --confirm-above USD      ask before a request estimated above this (or IMAGE_STUDIO_CONFIRM_ABOVE_USD; default 0.50)
  --monthly-budget USD     refuse requests that would bring this month's spend over this
                           (or IMAGE_STUDIO_MONTHLY_BUDGET_USD; default 0 = no cap)
  --base-url URL           OpenAI-compatible endpoint (or IMAGE_STUDIO_BASE_URL; OPENAI_BASE_URL is ignored)
  --images-per-minute N    your account's limit, to pace requests (default 5, tier 1)`;

/** The workspace folder as an absolute native path. */
export function workspaceFrom(flag: string | undefined, cwd: string): string {
  return path.resolve(cwd, flag ?? '.');
}
