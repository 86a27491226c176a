/**
 * `image-studio mcp`: the engine as an MCP server on stdin/stdout, for agents (Claude Code, Cursor, Codex, VS Code).
 * stdout carries only the protocol; progress and errors go to stderr. Ctrl-C or a closed stdin ends it, after a
 * request in flight is cancelled and whatever it may have cost is recorded.
 */
import * as z from 'zod';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ImageRateLimiter } from '../core/api/rateLimiter';
import { EXIT, type CliCommand, type CliIo } from '../cli/cliIo';
import { mcpHelp } from '../cli/help/mcpHelp';
import { jobFlagOptions, jobFlagsShape, workspaceFrom } from '../cli/jobFlags';
import { parseFlags } from '../cli/parseFlags';
import { reportError } from '../cli/reportError';
import { spendingLimits } from '../cli/spendingLimits';
import { UsageError } from '../cli/usageError';
import { createImageStudioMcpServer } from './imageStudioMcpServer';
import type { McpFlags } from './mcpContext';

const USAGE = mcpHelp.usage;

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
  ...mcpHelp,
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
