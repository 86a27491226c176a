/** `image-studio usage`: today's and this month's spend from the CLI's usage ledger. */
import * as z from 'zod';
import { describeUsageEntry, summarizeSpend } from '../core/spend/spendSummary';
import { usageTotals } from '../core/spend/usageLedger';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { cliFolders } from './cliConfig';
import { EXIT, type CliCommand } from './cliIo';
import { usageHelp } from './help/usageHelp';
import { parseFlags } from './parseFlags';
import { reportError } from './reportError';
import { UsageError } from './usageError';

const USAGE = usageHelp.usage;
const flagsSchema = z
  .object({
    json: z.boolean().default(false),
    recent: z
      .string()
      .regex(/^\d+$/, 'expected a whole number from 0 to 20')
      .transform(Number)
      .pipe(z.number().int().min(0).max(20))
      .default(5),
  })
  .strict();

export const usageCommand: CliCommand = {
  ...usageHelp,
  async run(args, io) {
    try {
      const { flags, positionals, help } = parseFlags(
        args,
        { json: { type: 'boolean' }, recent: { type: 'string' } },
        flagsSchema,
      );
      if (help) {
        io.stdout(usageCommand.help);
        return EXIT.ok;
      }
      if (positionals.length > 0)
        throw new UsageError(`usage takes no arguments (got ${JSON.stringify(positionals[0])}).`);
      const { ledgerFolder } = cliFolders(io);
      const totals = await usageTotals({ store: createNodeFileStore(), folder: ledgerFolder, now: io.now() });
      const recent = totals.recent.slice(0, flags.recent);
      if (flags.json) {
        const {
          todayUsd,
          monthUsd,
          todayImages,
          monthImages,
          todayPossiblyBilledUsd,
          monthPossiblyBilledUsd,
          skippedLines,
        } = totals;
        io.stdout(
          JSON.stringify({
            todayUsd,
            monthUsd,
            todayImages,
            monthImages,
            todayPossiblyBilledUsd,
            monthPossiblyBilledUsd,
            skippedLines,
            recent,
          }) + '\n',
        );
        return EXIT.ok;
      }
      const summary = summarizeSpend(totals, 0);
      const lines = [summary.today, summary.month];
      if (recent.length > 0)
        lines.push(
          '',
          'Recent:',
          ...recent.map((entry) => {
            const { label, detail } = describeUsageEntry(entry);
            return `  ${detail} · ${label}`;
          }),
        );
      if (totals.skippedLines > 0) lines.push(`(${totals.skippedLines} unreadable ledger line(s) skipped)`);
      io.stdout(`${lines.join('\n')}\n`);
      return EXIT.ok;
    } catch (err) {
      return reportError(io, err, [], USAGE);
    }
  },
};
