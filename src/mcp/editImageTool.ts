/** The `edit_image` tool: an edit of workspace images (and a mask), saved and recorded like `image-studio edit`. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { EditOfFiles } from '../core/engine/jobRequest';
import type { McpContext } from './mcpContext';
import { runMcpJob } from './lazyRunMcpJob';
import { editImageShape } from '../core/tools/toolInputs';
import { requestOptions } from './mcpRequestOptions';
import { workspaceRelative } from './workspaceFile';

export const EDIT_IMAGE_TOOL = 'edit_image';

export function registerEditImageTool(server: McpServer, context: McpContext): void {
  const inWorkspace = (file: string): string => workspaceRelative(context.flags.workspace, file);
  server.registerTool(
    EDIT_IMAGE_TOOL,
    {
      title: 'Edit image',
      description:
        "Edits a workspace image with a prompt through OpenAI's GPT Image models, optionally within a mask and " +
        'drawing on reference images, and saves the result in the output folder like a generation (the manifest ' +
        'records the inputs so the edit can be regenerated). It costs money, input images add to it. Returns the ' +
        'new image, its saved path, a Markdown link relative to `document` and the cost; the original is not changed.',
      inputSchema: editImageShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (input, extra) =>
      runMcpJob(context, { server: server.server, extra }, () => {
        const request: EditOfFiles = {
          kind: 'edit',
          prompt: input.prompt,
          ...requestOptions(input),
          sources: {
            images: [input.image, ...(input.references ?? [])].map(inWorkspace),
            ...(input.mask !== undefined ? { mask: inWorkspace(input.mask) } : {}),
          },
        };
        return {
          tool: EDIT_IMAGE_TOOL,
          request,
          document: input.document !== undefined ? inWorkspace(input.document) : undefined,
        };
      }),
  );
}
