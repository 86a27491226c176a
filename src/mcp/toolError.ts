/** A tool failure as MCP reports it: a result with `isError`, so the model reads the reason and can act on it. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
