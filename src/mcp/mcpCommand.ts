/**
 * `image-studio mcp`: the engine as an MCP server on stdin/stdout, for agents (Claude Code, Cursor, Codex, VS Code).
 * stdout carries only the protocol; progress and errors go to stderr. Ctrl-C or a closed stdin ends it, after a
 * request in flight is cancelled and whatever it may have cost is recorded.
 */
import * as z from 'zod';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ImageRateLimiter } from '../core/api/rateLimiter';
import { EXIT, type CliCommand, type CliIo } from '../cli/cliIo';
import { jobFlagOptions, jobFlagsShape, workspaceFrom } from '../cli/jobFlags';
import { parseFlags } from '../cli/parseFlags';
import { reportError } from '../cli/reportError';
import { spendingLimits } from '../cli/spendingLimits';
import { UsageError } from '../cli/usageError';
import { createImageStudioMcpServer } from './imageStudioMcpServer';
import type { McpFlags } from './mcpContext';

const USAGE = 'Usage: image-studio mcp [options]   (started by an MCP client, which talks to it over stdin/stdout)';

const { workspace, 'output-folder': outputFolder, 'no-cache': noCache } = jobFlagOptions;
const { 'base-url': baseUrl, 'images-per-minute': imagesPerMinute } = jobFlagOptions;
const { 'monthly-budget': monthlyBudget, 'confirm-above': confirmAbove } = jobFlagOptions;
const flagOptions = {
  workspace,
  'output-folder': outputFolder,
  'no-cache': noCache,
  'base-url': baseUrl,
  'images-per-minute': imagesPerMinute,
  'monthly-budget': monthlyBudget,
  'confirm-above': confirmAbove,
};

const flagsSchema = z
  .object({
    workspace: jobFlagsShape.workspace,
    'output-folder': jobFlagsShape['output-folder'],
    'no-cache': jobFlagsShape['no-cache'],
    'base-url': jobFlagsShape['base-url'],
    'images-per-minute': jobFlagsShape['images-per-minute'],
    'monthly-budget': jobFlagsShape['monthly-budget'],
    'confirm-above': jobFlagsShape['confirm-above'],
  })
  .strict();

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'serve the image tools to an agent over MCP (stdio)',
  help: `${USAGE}

Tools: generate_image, edit_image (both paid: saved in the output folder and recorded in
.imagestudio/manifest.json and the usage ledger, as generate and edit do), list_images and
estimate_cost (free). A request above --confirm-above is asked about through the client
(MCP elicitation), and refused when the client cannot ask; --monthly-budget refuses before sending.

The workspace is the folder the server is started in (or --workspace); the key comes from
OPENAI_API_KEY or the .env of the folder it is started in, and is never written anywhere.
Progress and errors go to stderr; stdout carries only the protocol.

  --workspace DIR          folder the images and manifest belong to (default: the current folder)
  --output-folder DIR      subfolder for images, made git-ignored (default ignore)
  --no-cache               pay for a new image even when an identical request was saved before
  --confirm-above USD      ask before a request estimated above this (or IMAGE_STUDIO_CONFIRM_ABOVE_USD; default 0.50)
  --monthly-budget USD     refuse requests that would bring this month's spend over this
                           (or IMAGE_STUDIO_MONTHLY_BUDGET_USD; default 0 = no cap)
  --base-url URL           OpenAI-compatible endpoint (or IMAGE_STUDIO_BASE_URL; OPENAI_BASE_URL is ignored)
  --images-per-minute N    your account's limit, to pace requests (default 5, tier 1)
`,
  async run(args, io) {
    let flags: McpFlags;
    try {
      const parsed = parseFlags(args, flagOptions, flagsSchema);
      if (parsed.help) {
        io.stdout(mcpCommand.help);
        return EXIT.ok;
      }
      if (parsed.positionals.length > 0)
        throw new UsageError(`mcp takes no arguments, only options (got ${JSON.stringify(parsed.positionals[0])}).`);
      flags = { ...parsed.flags, workspace: workspaceFrom(parsed.flags.workspace, io.cwd) };
      // Checked now, so a bad amount stops the server at start rather than failing every tool call.
      spendingLimits(flags, io);
    } catch (err) {
      return reportError(io, err, [], USAGE);
    }
    return serve(io, flags);
  },
};

/** Serves until Ctrl-C or the end of stdin; resolves to the exit code once every paid job has settled. */
async function serve(io: CliIo, flags: McpFlags): Promise<number> {
  // Nothing but the protocol may reach stdout.
  const quietIo: CliIo = { ...io, stdout: io.stderr };
  const ending = new AbortController();
  const jobs = new Set<Promise<unknown>>();
  const server = createImageStudioMcpServer({
    io: quietIo,
    flags,
    limiter: new ImageRateLimiter({ imagesPerMinute: flags['images-per-minute'], maxConcurrent: 2 }),
    shutdown: ending.signal,
    track: (job) => {
      jobs.add(job);
      const settle = (): void => void jobs.delete(job);
      job.then(settle, settle);
    },
  });
  const ended = new Promise<void>((resolve) => ending.signal.addEventListener('abort', () => resolve()));
  const end = (): void => ending.abort();
  io.signal.addEventListener('abort', end);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  const transport = new StdioServerTransport();
  transport.onclose = end;
  await server.connect(transport);
  io.stderr(`Image Studio MCP server ready: workspace ${flags.workspace}.\n`);
  if (io.signal.aborted) end();
  await ended;
  // The engine records what a cancelled request may have cost before its promise settles.
  await Promise.allSettled([...jobs]);
  await server.close();
  process.stdin.off('end', end);
  process.stdin.off('close', end);
  io.signal.removeEventListener('abort', end);
  io.stderr(io.signal.aborted ? 'Interrupted: the MCP server stopped.\n' : 'stdin closed: the MCP server stopped.\n');
  return io.signal.aborted ? EXIT.interrupted : EXIT.ok;
}
