/**
 * A finished job as an MCP tool result: each image as `image` content (the saved bytes, not downscaled: no image
 * library ships with the server) and a text part with the saved paths, the Markdown links and the cost.
 */
import * as path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ImageJobResult } from '../core/engine/runImageJob';
import type { FileStore } from '../core/files/fileStore';
import { formatUsd } from '../core/spend/estimateCost';
import { markdownImageLink, relativeImagePath } from '../core/text/markdownLink';
import { toStorePath } from '../cli/storePath';

/** Larger images are left out of the result (a client may refuse the message); the path still says where they are. */
export const MAX_INLINE_IMAGE_BYTES = 8 * 1024 * 1024;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

export interface ImageToolResultOptions {
  readonly store: FileStore;
  /** Absolute native path of the workspace. */
  readonly workspace: string;
  /** Workspace-relative path of the document to link from; links are relative to the workspace without it. */
  readonly document?: string | undefined;
  /** The alt text of the links. */
  readonly prompt: string;
}

/** The content for `result`: images first, then one text part. */
export async function imageToolResult(
  result: ImageJobResult,
  options: ImageToolResultOptions,
): Promise<CallToolResult> {
  const content: CallToolResult['content'] = [];
  const from = toStorePath(path.join(options.workspace, options.document ?? 'document.md'));
  const workspaceRoot = toStorePath(options.workspace);
  const lines: string[] = [];
  for (const image of result.images) {
    const shown = path.posix.relative(workspaceRoot, image.path);
    lines.push(`Saved: ${shown}`);
    lines.push(`Markdown link: ${markdownImageLink(options.prompt, relativeImagePath(from, image.path))}`);
    for (const warning of image.warnings) lines.push(`Warning: ${warning}`);
    const mimeType = MIME_TYPES[path.posix.extname(image.path).toLowerCase()];
    const bytes = await options.store.readFile(image.path);
    if (mimeType !== undefined && bytes.length <= MAX_INLINE_IMAGE_BYTES)
      content.push({ type: 'image', data: Buffer.from(bytes).toString('base64'), mimeType });
    else lines.push(`(${shown} is not included here: open the file to see it.)`);
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
  content.push({ type: 'text', text: lines.join('\n') });
  return { content };
}
