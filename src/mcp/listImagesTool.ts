/** The `list_images` tool: the workspace's manifest, newest first (a file read, no API call). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type * as ListImagesAnswerModule from './listImagesAnswer';
import type { McpContext } from './mcpContext';
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
    // Required on the first call, so the server's first answer does not wait for the manifest's reader.
    (input) => (require('./listImagesAnswer') as typeof ListImagesAnswerModule).listImagesAnswer(context, input),
  );
}
