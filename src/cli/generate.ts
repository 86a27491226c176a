/** `image-studio generate "<prompt>"`: one generation through the engine into the workspace's output folder. */
import * as z from 'zod';
import { parseImageRequest } from '../core/request/imageRequest';
import { EXIT, type CliCommand } from './cliIo';
import { generateHelp } from './help/generateHelp';
import { generateOptionsFromFlags, imageFlagOptions, imageFlagsShape } from './imageFlags';
import { jobFlagOptions, jobFlagsShape, workspaceFrom } from './jobFlags';
import { parseFlags } from './parseFlags';
import { reportError } from './reportError';
import { runCliJob } from './runCliJob';
import { UsageError } from './usageError';
import { asUsageError } from './asUsageError';

const USAGE = generateHelp.usage;
const flagsSchema = z.object({ ...imageFlagsShape, ...jobFlagsShape, stream: z.boolean().default(false) }).strict();

export const generateCommand: CliCommand = {
  ...generateHelp,
  async run(args, io) {
    try {
      const { flags, positionals, help } = parseFlags(
        args,
        { ...imageFlagOptions, ...jobFlagOptions, stream: { type: 'boolean' } },
        flagsSchema,
      );
      if (help) {
        io.stdout(generateCommand.help);
        return EXIT.ok;
      }
      if (positionals.length !== 1)
        throw new UsageError(
          positionals.length === 0
            ? 'Give the prompt, in quotes.'
            : `Give one prompt, in quotes (got ${positionals.length} words: quote the whole prompt).`,
        );
      const request = asUsageError(() =>
        parseImageRequest(
          { kind: 'generate', prompt: positionals[0], ...generateOptionsFromFlags(flags, flags.stream) },
          io.now(),
        ),
      );
      return await runCliJob(io, request, { ...flags, workspace: workspaceFrom(flags.workspace, io.cwd) });
    } catch (err) {
      return reportError(io, err, [], USAGE);
    }
  },
};
