/** `image-studio batch <submit|status|fetch>`: the Batch API workflow, one file per subcommand. */
import { batchFetchCommand } from './batchFetch';
import { batchStatusCommand } from './batchStatus';
import { batchSubmitCommand } from './batchSubmit';
import { EXIT, type CliCommand } from './cliIo';
import { batchHelp } from './help/batchHelp';

const SUBCOMMANDS: readonly CliCommand[] = [batchSubmitCommand, batchStatusCommand, batchFetchCommand];

export const batchCommand: CliCommand = {
  ...batchHelp,
  async run(args, io) {
    const [name, ...rest] = args;
    if (name === '--help' || name === '-h') {
      io.stdout(batchHelp.help);
      return EXIT.ok;
    }
    const sub = SUBCOMMANDS.find((c) => c.name === name);
    if (!sub) {
      io.stderr(
        `${name === undefined ? 'Missing' : `Unknown batch subcommand ${JSON.stringify(name.slice(0, 40))}:`} ` +
          `give submit, status or fetch.\n${batchHelp.help}`,
      );
      return EXIT.usage;
    }
    return sub.run(rest, io);
  },
};
