/** The Image Studio MCP server: four tools over the engine, nothing more. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CLI_VERSION } from '../cli/version';
import { registerEditImageTool } from './editImageTool';
import { registerEstimateCostTool } from './estimateCostTool';
import { registerGenerateImageTool } from './generateImageTool';
import { registerListImagesTool } from './listImagesTool';
import type { McpContext } from './mcpContext';

/** The CLI's version (package.json's, as a unit test checks). */
export const SERVER_VERSION = CLI_VERSION;

const INSTRUCTIONS =
  'Image Studio makes images with OpenAI GPT Image models and saves them in this workspace. generate_image and ' +
  'edit_image cost money and save files; list_images and estimate_cost are free. Link a saved image with the ' +
  'Markdown link a result gives (pass `document` so it is relative to the file you are writing).';

export function createImageStudioMcpServer(context: McpContext): McpServer {
  const server = new McpServer({ name: 'image-studio', version: SERVER_VERSION }, { instructions: INSTRUCTIONS });
  registerGenerateImageTool(server, context);
  registerEditImageTool(server, context);
  registerListImagesTool(server, context);
  registerEstimateCostTool(server, context);
  return server;
}
