/** `image-studio batch <submit|status|fetch>`: the Batch API workflow, one file per subcommand. */
import { batchFetchCommand } from './batchFetch';
import { batchStatusCommand } from './batchStatus';
import { batchSubmitCommand } from './batchSubmit';
import { EXIT, type CliCommand } from './cliIo';

const SUBCOMMANDS: readonly CliCommand[] = [batchSubmitCommand, batchStatusCommand, batchFetchCommand];

const HELP = `Usage: image-studio batch <submit|status|fetch> ...   (image-studio batch <subcommand> --help)

${SUBCOMMANDS.map((c) => `  ${c.name.padEnd(7)} ${c.summary}`).join('\n')}

A batch runs within 24 hours at about half the price of generate: submit a prompts file, check its
status, then fetch the images into the workspace you submitted from.
`;

export const batchCommand: CliCommand = {
  name: 'batch',
  summary: 'many prompts through the Batch API at about half price (submit, status, fetch)',
  help: HELP,
  async run(args, io) {
    const [name, ...rest] = args;
    if (name === '--help' || name === '-h') {
      io.stdout(HELP);
      return EXIT.ok;
    }
    const sub = SUBCOMMANDS.find((c) => c.name === name);
    if (!sub) {
      io.stderr(
        `${name === undefined ? 'Missing' : `Unknown batch subcommand ${JSON.stringify(name.slice(0, 40))}:`} ` +
          `give submit, status or fetch.\n${HELP}`,
      );
      return EXIT.usage;
    }
    return sub.run(rest, io);
  },
};
