/** The `list_images` tool: the workspace's manifest, newest first (a file read, no API call). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { readManifest } from '../core/files/manifest';
import { DEFAULT_LIST_LIMIT, listImagesText } from '../core/tools/listImagesText';
import { toStorePath } from '../cli/storePath';
import { describeError } from './describeError';
import type { McpContext } from './mcpContext';
import { toolError } from './toolError';
import { listImagesShape } from '../core/tools/toolInputs';

export const LIST_IMAGES_TOOL = 'list_images';

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
        return { content: [{ type: 'text', text: listImagesText(read, input.limit ?? DEFAULT_LIST_LIMIT) }] };
      } catch (err) {
        return toolError(describeError(err, { cwd: context.io.cwd, secrets: [], shutdown: context.shutdown }));
      }
    },
  );
}
