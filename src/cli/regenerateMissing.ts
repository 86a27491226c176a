/** `image-studio regenerate-missing`: remakes the images the manifest lists but the workspace lacks (after a clone). */
import * as z from 'zod';
import { formatUsd } from '../core/spend/estimateCost';
import { planRegeneration, regenerateImage } from '../core/engine/regeneration';
import { summarizeRegenerationPlan, type BoundedList } from '../core/engine/regenerationSummary';
import { baseUrlFrom } from './cliConfig';
import { EXIT, type CliCommand } from './cliIo';
import { createEngineDeps } from './engineDeps';
import { regenerateMissingHelp } from './help/regenerateMissingHelp';
import { jobFlagOptions, jobFlagsShape, workspaceFrom } from './jobFlags';
import { parseFlags } from './parseFlags';
import { reportError } from './reportError';
import { displayPath, toStorePath } from './storePath';
import { spendingLimits } from './spendingLimits';
import { UsageError } from './usageError';

const USAGE = regenerateMissingHelp.usage;
const flagsSchema = z
  .object({
    workspace: jobFlagsShape.workspace,
    'output-folder': jobFlagsShape['output-folder'],
    yes: jobFlagsShape.yes,
    'base-url': jobFlagsShape['base-url'],
    'images-per-minute': jobFlagsShape['images-per-minute'],
    'monthly-budget': jobFlagsShape['monthly-budget'],
  })
  .strict();
// The terminal shows more than a dialog, but a 50,000-entry manifest must not scroll it away.
const LIST_LIMIT = 20;

export const regenerateMissingCommand: CliCommand = {
  ...regenerateMissingHelp,
  async run(args, io) {
    let deps: ReturnType<typeof createEngineDeps> | undefined;
    try {
      const { flags, positionals, help } = parseFlags(
        args,
        {
          workspace: jobFlagOptions.workspace,
          'output-folder': jobFlagOptions['output-folder'],
          yes: jobFlagOptions.yes,
          'base-url': jobFlagOptions['base-url'],
          'images-per-minute': jobFlagOptions['images-per-minute'],
          'monthly-budget': jobFlagOptions['monthly-budget'],
        },
        flagsSchema,
      );
      if (help) {
        io.stdout(regenerateMissingCommand.help);
        return EXIT.ok;
      }
      if (positionals.length > 0)
        throw new UsageError(`regenerate-missing takes no arguments (got ${JSON.stringify(positionals[0])}).`);
      // The plan is confirmed once for all images, so the engine need not ask again per image.
      deps = createEngineDeps(io, { yes: true, imagesPerMinute: flags['images-per-minute'] });
      const workspaceRoot = toStorePath(workspaceFrom(flags.workspace, io.cwd));
      const outputFolder = flags['output-folder'];
      const plan = await planRegeneration({ store: deps.store, workspaceRoot, outputFolder });
      const summary = summarizeRegenerationPlan(plan, LIST_LIMIT);
      for (const line of summary.skipped.shown) io.stderr(`cannot regenerate ${line}\n`);
      if (summary.skipped.more > 0) io.stderr(`and ${summary.skipped.more} more that cannot be regenerated\n`);
      if (plan.items.length === 0) {
        io.stdout(plan.unusable.length === 0 ? 'No images are missing.\n' : 'No missing image can be regenerated.\n');
        return plan.unusable.length === 0 ? EXIT.ok : EXIT.failure;
      }
      const list = ({ shown, more }: BoundedList) =>
        `${shown.map((line) => `  ${line}\n`).join('')}${more > 0 ? `  and ${more} more\n` : ''}`;
      io.stdout(
        `${plan.items.length} missing image${plan.items.length === 1 ? '' : 's'}, estimated ` +
          `${formatUsd(plan.estimateUsd)}:\n${list(summary.items)}Writes to:\n${list(summary.folders)}`,
      );
      if (!flags.yes) {
        if (!io.interactive)
          throw new UsageError('Not a terminal, so nobody can confirm the cost: run again with --yes to regenerate.');
        if (!/^\s*y(es)?\s*$/i.test(await io.ask(`Regenerate for about ${formatUsd(plan.estimateUsd)}? [y/N] `))) {
          io.stderr('Nothing was regenerated.\n');
          return EXIT.failure;
        }
      }
      const baseUrl = baseUrlFrom(flags['base-url'], io);
      // The total was confirmed above; the monthly cap still holds for each image.
      const { monthlyBudgetUsd } = spendingLimits(flags, io);
      let failures = 0;
      for (const item of plan.items) {
        try {
          const outcome = await regenerateImage(
            deps,
            {
              workspaceRoot,
              outputFolder,
              connection: { provider: 'openai', ...(baseUrl !== undefined ? { baseUrl } : {}) },
              confirmAboveUsd: 0,
              monthlyBudgetUsd,
            },
            item,
            { signal: io.signal },
          );
          if (outcome.kind === 'skipped') io.stdout(`skipped: ${outcome.reason}\n`);
          else {
            io.stdout(`${outcome.result.images.map((i) => displayPath(i.path, io.cwd)).join('\n')}\n`);
            for (const notice of outcome.result.notices) io.stderr(`${notice}\n`);
          }
        } catch (err) {
          const code = reportError(io, err, deps.knownSecrets());
          if (code === EXIT.interrupted) return code;
          failures++;
        }
      }
      return failures > 0 ? EXIT.failure : EXIT.ok;
    } catch (err) {
      return reportError(io, err, deps?.knownSecrets() ?? [], USAGE);
    }
  },
};
