/** What an agent tool says about a finished job: the saved paths, the links to paste, the cost. */
import { posix } from 'node:path';
import type { ImageJobResult } from '../engine/runImageJob';
import { formatUsd } from '../spend/estimateCost';
import { markdownImageLink, relativeImagePath } from '../text/markdownLink';

export interface ImageResultTextOptions {
  /** The workspace folder's store path (POSIX). */
  readonly workspaceRoot: string;
  /** Workspace-relative path of the document to link from; links are relative to the workspace without it. */
  readonly document?: string | undefined;
  /** The alt text of the links. */
  readonly prompt: string;
  /** Store paths of the images the result carries; the others are named with a word that they are left out. */
  readonly included: ReadonlySet<string>;
}

/** Each image's workspace path, Markdown link and warnings, then what the links are relative to, and the cost. */
export function imageResultText(result: ImageJobResult, options: ImageResultTextOptions): string {
  const from = posix.join(options.workspaceRoot, options.document ?? 'document.md');
  const lines: string[] = [];
  for (const image of result.images) {
    const shown = posix.relative(options.workspaceRoot, image.path);
    lines.push(`Saved: ${shown}`);
    lines.push(`Markdown link: ${markdownImageLink(options.prompt, relativeImagePath(from, image.path))}`);
    for (const warning of image.warnings) lines.push(`Warning: ${warning}`);
    if (!options.included.has(image.path)) lines.push(`(${shown} is not included here: open the file to see it.)`);
  }
  lines.push(
    options.document !== undefined
      ? `The links are relative to ${options.document}.`
      : 'The links are relative to the workspace folder (pass `document` for links relative to a file).',
  );
  lines.push(
    result.cached
      ? 'Reused an image saved for the same request before: no charge.'
      : `Cost: ${formatUsd(result.costUsd)}${result.estimated ? ' (estimated)' : ''}` +
          `${result.requestId ? ` (request ${result.requestId})` : ''}.`,
  );
  for (const notice of result.notices) lines.push(`Note: ${notice}`);
  return lines.join('\n');
}
