/** Flags the batch subcommands share: the workspace their records live in, the endpoint, JSON output. */
import * as z from 'zod';
import type { FileStore } from '../core/files/fileStore';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import type { CliIo } from './cliIo';
import { jobFlagOptions, jobFlagsShape, workspaceFrom } from './jobFlags';
import { parseFlags } from './parseFlags';
import { toStorePath } from './storePath';
import { UsageError } from './usageError';

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

const batchIdFlagsSchema = z.object(batchFlagsShape).strict();

export interface BatchIdArgs {
  readonly id: string;
  readonly flags: z.output<typeof batchIdFlagsSchema>;
  /** The workspace the batch record lives in. */
  readonly location: { readonly store: FileStore; readonly workspaceRoot: string };
}

/**
 * Parses `<batch-id> [--workspace --json --base-url]` for status and fetch; undefined when `--help` was asked (and
 * printed).
 */
export function parseBatchIdArgs(args: readonly string[], io: CliIo, help: string): BatchIdArgs | undefined {
  const parsed = parseFlags(args, batchFlagOptions, batchIdFlagsSchema);
  if (parsed.help) {
    io.stdout(help);
    return undefined;
  }
  const [id] = parsed.positionals;
  if (id === undefined || parsed.positionals.length !== 1) throw new UsageError('Give one batch id.');
  return {
    id,
    flags: parsed.flags,
    location: {
      store: createNodeFileStore(),
      workspaceRoot: toStorePath(workspaceFrom(parsed.flags.workspace, io.cwd)),
    },
  };
}
