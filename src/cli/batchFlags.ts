/** Flags the batch subcommands share: the workspace their records live in, the endpoint, JSON output. */
import { jobFlagOptions, jobFlagsShape } from './jobFlags';

export const batchFlagOptions = {
  workspace: jobFlagOptions.workspace,
  json: jobFlagOptions.json,
  'base-url': jobFlagOptions['base-url'],
} as const;

export const batchFlagsShape = {
  workspace: jobFlagsShape.workspace,
  json: jobFlagsShape.json,
  'base-url': jobFlagsShape['base-url'],
};

export const BATCH_FLAGS_HELP = `  --workspace DIR   folder the batch record (.imagestudio/batches), images and manifest belong to (default: the current folder)
  --json            print a machine-readable result on stdout
  --base-url URL    OpenAI-compatible endpoint (or IMAGE_STUDIO_BASE_URL; OPENAI_BASE_URL is ignored)`;
