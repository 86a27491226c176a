/** The `generate_image` tool: a generation into the workspace's output folder, as `image-studio generate` makes. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parseImageRequest } from '../core/request/imageRequest';
import type { McpContext } from './mcpContext';
import { runMcpJob } from './lazyRunMcpJob';
import { generateImageShape } from '../core/tools/toolInputs';
import { requestOptions } from './mcpRequestOptions';
import { workspaceRelative } from './workspaceFile';

export const GENERATE_IMAGE_TOOL = 'generate_image';

export function registerGenerateImageTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    GENERATE_IMAGE_TOOL,
    {
      title: 'Generate image',
      description:
        "Generates images from a prompt with OpenAI's GPT Image models and saves them in the workspace's output " +
        'folder, recording each in .imagestudio/manifest.json and the usage ledger. It costs money: call ' +
        'estimate_cost first for large or high-quality requests. Returns the image, its saved path, a Markdown link ' +
        'relative to `document` (insert that link yourself) and the cost. A request over the monthly budget is ' +
        'refused before anything is sent; a costly one asks the person first.',
      inputSchema: generateImageShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (input, extra) =>
      runMcpJob(context, { server: server.server, extra }, () => ({
        tool: GENERATE_IMAGE_TOOL,
        request: parseImageRequest(
          { kind: 'generate', prompt: input.prompt, ...requestOptions(input) },
          context.io.now(),
        ),
        document: input.document !== undefined ? workspaceRelative(context.flags.workspace, input.document) : undefined,
      })),
  );
}
