/**
 * `image-studio edit <image>... --prompt "..."`: an edit of workspace images (and a mask) through the engine's
 * edit-of-files path.
 */
import * as path from 'node:path';
import * as z from 'zod';
import type { EditOfFiles } from '../core/engine/jobRequest';
import { EXIT, type CliCommand, type CliIo } from './cliIo';
import { editHelp } from './help/editHelp';
import { generateOptionsFromFlags, imageFlagOptions, imageFlagsShape } from './imageFlags';
import { jobFlagOptions, jobFlagsShape, workspaceFrom } from './jobFlags';
import { parseFlags } from './parseFlags';
import { reportError } from './reportError';
import { runCliJob } from './runCliJob';
import { UsageError } from './usageError';

const USAGE = editHelp.usage;
// Every image flag but --moderation: the edit endpoint has no moderation option.
const { model, size, quality, background, format, compression, n } = imageFlagOptions;
const editImageFlags = { model, size, quality, background, format, compression, n };
const editImageShape = {
  model: imageFlagsShape.model,
  size: imageFlagsShape.size,
  quality: imageFlagsShape.quality,
  background: imageFlagsShape.background,
  format: imageFlagsShape.format,
  compression: imageFlagsShape.compression,
  n: imageFlagsShape.n,
};

const flagsSchema = z
  .object({
    ...editImageShape,
    ...jobFlagsShape,
    prompt: z.string().trim().min(1, 'describe the change'),
    mask: z.string().min(1).optional(),
    stream: z.boolean().default(false),
  })
  .strict();

export const editCommand: CliCommand = {
  ...editHelp,
  async run(args, io) {
    try {
      const { flags, positionals, help } = parseFlags(
        args,
        {
          ...editImageFlags,
          ...jobFlagOptions,
          prompt: { type: 'string' },
          mask: { type: 'string' },
          stream: { type: 'boolean' },
        },
        flagsSchema,
      );
      if (help) {
        io.stdout(editCommand.help);
        return EXIT.ok;
      }
      if (positionals.length === 0) throw new UsageError('Give at least one image to edit.');
      const workspace = workspaceFrom(flags.workspace, io.cwd);
      const request: EditOfFiles = {
        kind: 'edit',
        prompt: flags.prompt,
        ...generateOptionsFromFlags(flags, flags.stream),
        sources: {
          images: positionals.map((file) => workspaceRelative(io, workspace, file)),
          ...(flags.mask !== undefined ? { mask: workspaceRelative(io, workspace, flags.mask) } : {}),
        },
      };
      return await runCliJob(io, request, { ...flags, workspace });
    } catch (err) {
      return reportError(io, err, [], USAGE);
    }
  },
};

/** A file named on the command line as the engine names inputs: relative to the workspace, POSIX separators. */
function workspaceRelative(io: CliIo, workspace: string, file: string): string {
  const relative = path.relative(workspace, path.resolve(io.cwd, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UsageError(
      `${file} is not inside the workspace ${workspace}: edits read images from the workspace (pass ` +
        `--workspace to choose it).`,
    );
  }
  return relative.split(path.sep).join('/');
}
