/**
 * The floor under `image-studio mcp`'s cold start: an MCP server with one zod-typed tool over stdio and nothing else.
 * The bench bundles it as dist/cli.js is bundled and starts it the same way, so the difference is Image Studio's.
 */
import * as z from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'floor', version: '1.0.0' });
server.registerTool(
  'echo',
  { description: 'Says the text back.', inputSchema: { text: z.string().max(100) } },
  ({ text }) => ({ content: [{ type: 'text', text }] }),
);
void server.connect(new StdioServerTransport());
