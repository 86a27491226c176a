/**
 * The `estimate_cost` tool: what a request would cost and whether the budget lets it through, without sending it
 * (input images are read for their size only).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type * as EstimateCostAnswerModule from './estimateCostAnswer';
import type { McpContext } from './mcpContext';
import { estimateCostShape } from '../core/tools/toolInputs';

export const ESTIMATE_COST_TOOL = 'estimate_cost';

export function registerEstimateCostTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    ESTIMATE_COST_TOOL,
    {
      title: 'Estimate cost',
      description:
        'Estimates what a generate_image (or, with `images`, an edit_image) request would cost, in US dollars, and ' +
        "says whether this month's budget allows it and whether the person would be asked first. Free: nothing is " +
        'sent to the API.',
      inputSchema: estimateCostShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    // Required on the first call, so the server's first answer does not wait for what the estimate reads with.
    (input) => (require('./estimateCostAnswer') as typeof EstimateCostAnswerModule).estimateCostAnswer(context, input),
  );
}
