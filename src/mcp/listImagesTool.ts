/** The `list_images` tool: the workspace's manifest, newest first (a file read, no API call). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { MANIFEST_RELATIVE_PATH, readManifest, type ManifestEntry } from '../core/files/manifest';
import { formatUsd } from '../core/spend/estimateCost';
import { toStorePath } from '../cli/storePath';
import { describeError } from './describeError';
import type { McpContext } from './mcpContext';
import { toolError } from './toolError';
import { listImagesShape } from './toolInputs';

export const LIST_IMAGES_TOOL = 'list_images';
const DEFAULT_LIMIT = 20;

export function registerListImagesTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    LIST_IMAGES_TOOL,
    {
      title: 'List images',
      description:
        'Lists the images Image Studio saved in this workspace (from .imagestudio/manifest.json), newest first, with ' +
        'their workspace paths, prompts, models, sizes and costs. Free: no API call. Use it to find an image to ' +
        'link or edit.',
      inputSchema: listImagesShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input): Promise<CallToolResult> => {
      try {
        const read = await readManifest({
          store: createNodeFileStore(),
          workspaceRoot: toStorePath(context.flags.workspace),
        });
        const newest = [...read.manifest.images].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
        const shown = newest.slice(0, input.limit ?? DEFAULT_LIMIT);
        const lines = read.corrupt ? [read.corrupt.message] : [];
        lines.push(
          newest.length === 0
            ? `No images are recorded in ${MANIFEST_RELATIVE_PATH} yet.`
            : `${newest.length} image${newest.length === 1 ? '' : 's'} in ${MANIFEST_RELATIVE_PATH}, newest first` +
                (shown.length < newest.length ? ` (the first ${shown.length}):` : ':'),
        );
        for (const entry of shown) lines.push(describeEntry(entry));
        return { content: [{ type: 'text', text: lines.join('\n') }] };
      } catch (err) {
        return toolError(describeError(err, { cwd: context.io.cwd, secrets: [], shutdown: context.shutdown }));
      }
    },
  );
}

function describeEntry(entry: ManifestEntry): string {
  const facts = [
    entry.createdAt,
    entry.kind,
    entry.model,
    entry.options.size,
    `quality ${entry.options.quality}`,
    ...(entry.costUsd !== undefined ? [formatUsd(entry.costUsd)] : []),
  ];
  const inputs = entry.inputFiles?.length ? `\n  edited from: ${entry.inputFiles.join(', ')}` : '';
  return `- ${entry.file} (${facts.join(', ')})\n  prompt: ${JSON.stringify(entry.prompt)}${inputs}`;
}
