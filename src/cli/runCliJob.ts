/** Runs one engine job for `generate` or `edit`: progress on stderr, saved paths and cost (or JSON) on stdout. */
import { formatUsd } from '../core/spend/estimateCost';
import { runImageJob, type ImageJob, type ImageJobEvent, type ImageJobResult } from '../core/engine/runImageJob';
import { baseUrlFrom } from './cliConfig';
import { EXIT, type CliIo } from './cliIo';
import { createEngineDeps } from './engineDeps';
import { reportError } from './reportError';
import { spendingLimits } from './spendingLimits';
import { displayPath, toStorePath } from './storePath';

export interface CliJobFlags {
  readonly workspace: string;
  readonly 'output-folder': string;
  readonly 'no-cache': boolean;
  readonly json: boolean;
  readonly yes: boolean;
  readonly 'base-url'?: string | undefined;
  readonly 'images-per-minute': number;
  readonly 'monthly-budget'?: string | undefined;
  readonly 'confirm-above'?: string | undefined;
}

/** The flags that say where a job goes and what limits it runs under (the MCP server passes the same ones). */
export type JobPlacementFlags = Pick<
  CliJobFlags,
  'workspace' | 'output-folder' | 'no-cache' | 'base-url' | 'monthly-budget' | 'confirm-above'
>;

/** The engine job for `request` under `flags`: workspace, output folder, endpoint, cache and spending limits. */
export function cliImageJob(io: CliIo, request: ImageJob['request'], flags: JobPlacementFlags): ImageJob {
  const baseUrl = baseUrlFrom(flags['base-url'], io);
  return {
    request,
    workspaceRoot: toStorePath(flags.workspace),
    outputFolder: flags['output-folder'],
    connection: { provider: 'openai', ...(baseUrl !== undefined ? { baseUrl } : {}) },
    useCache: !flags['no-cache'],
    ...spendingLimits(flags, io),
  };
}

/** Runs `request` into the workspace; returns the exit code. */
export async function runCliJob(io: CliIo, request: ImageJob['request'], flags: CliJobFlags): Promise<number> {
  const deps = createEngineDeps(io, { yes: flags.yes, imagesPerMinute: flags['images-per-minute'] });
  try {
    const result = await runImageJob(deps, cliImageJob(io, request, flags), {
      signal: io.signal,
      onEvent: (event) => reportProgress(io, event),
    });
    io.stdout(flags.json ? `${JSON.stringify(jsonResult(io, result))}\n` : describe(io, result));
    for (const notice of result.notices) io.stderr(`${notice}\n`);
    return EXIT.ok;
  } catch (err) {
    return reportError(io, err, deps.knownSecrets());
  }
}

/** One line of progress on stderr per engine event worth telling. */
export function reportProgress(io: Pick<CliIo, 'stderr'>, event: ImageJobEvent): void {
  switch (event.type) {
    case 'queued':
      if (event.position > 0) io.stderr(`Queued (${event.position} ahead)…\n`);
      return;
    case 'waiting':
      io.stderr(`Waiting ${Math.ceil(event.ms / 1000)} s for the images-per-minute limit…\n`);
      return;
    case 'started':
      io.stderr('Generating…\n');
      return;
    case 'retry-wait':
      io.stderr(`Retrying in ${Math.ceil(event.ms / 1000)} s (attempt ${event.attempt})…\n`);
      return;
    case 'partial':
      io.stderr(`Preview ${event.index + 1} received.\n`);
      return;
    case 'saving':
      io.stderr('Saving…\n');
      return;
  }
}

function describe(io: CliIo, result: ImageJobResult): string {
  const lines = result.images.map((image) => displayPath(image.path, io.cwd));
  for (const image of result.images) for (const warning of image.warnings) lines.push(`warning: ${warning}`);
  lines.push(
    result.cached
      ? 'Reused a saved image: no charge.'
      : `Cost: ${formatUsd(result.costUsd)}${result.estimated ? ' (estimated)' : ''}` +
          (result.requestId ? ` (request ${result.requestId})` : ''),
  );
  return `${lines.join('\n')}\n`;
}

function jsonResult(io: CliIo, result: ImageJobResult) {
  return {
    images: result.images.map((image) => ({
      path: displayPath(image.path, io.cwd),
      absolutePath: image.path,
      manifestId: image.manifestId,
      warnings: image.warnings,
    })),
    costUsd: result.costUsd,
    estimated: result.estimated,
    cached: result.cached,
    ...(result.requestId ? { requestId: result.requestId } : {}),
    notices: result.notices,
  };
}
