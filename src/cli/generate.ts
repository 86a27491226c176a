/** `image-studio generate "<prompt>"`: one generation through the engine into the workspace's output folder. */
import * as z from 'zod';
import { parseImageRequest } from '../core/request/imageRequest';
import { EXIT, type CliCommand } from './cliIo';
import { generateOptionsFromFlags, IMAGE_FLAGS_HELP, imageFlagOptions, imageFlagsShape } from './imageFlags';
import { JOB_FLAGS_HELP, jobFlagOptions, jobFlagsShape, workspaceFrom } from './jobFlags';
import { parseFlags } from './parseFlags';
import { reportError } from './reportError';
import { runCliJob } from './runCliJob';
import { UsageError } from './usageError';
import { asUsageError } from './asUsageError';

const USAGE = 'Usage: image-studio generate "<prompt>" [options]';

const flagsSchema = z.object({ ...imageFlagsShape, ...jobFlagsShape, stream: z.boolean().default(false) }).strict();

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'generate an image from a prompt and save it in the workspace',
  help: `${USAGE}

Saves the image under the output folder (git-ignored), records it in .imagestudio/manifest.json and the
usage ledger, and prints its path and cost.

${IMAGE_FLAGS_HELP}
  --stream              receive partial previews while rendering (progress on stderr)

${JOB_FLAGS_HELP}
`,
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
