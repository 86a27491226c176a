/**
 * The `estimate_cost` tool: what a request would cost and whether the budget lets it through, without sending it
 * (input images are read for their size only).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { JobRequest } from '../core/engine/jobRequest';
import { loadJobRequest } from '../core/engine/jobRequest';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { parseImageRequest } from '../core/request/imageRequest';
import { estimateText } from '../core/tools/estimateText';
import { usageTotals } from '../core/spend/usageLedger';
import { cliFolders } from '../cli/cliConfig';
import { spendingLimits } from '../cli/spendingLimits';
import { toStorePath } from '../cli/storePath';
import { describeError, mcpErrorText } from './describeError';
import type { McpContext } from './mcpContext';
import { toolError } from './toolError';
import { estimateCostShape } from '../core/tools/toolInputs';
import { requestOptions } from './mcpRequestOptions';
import { workspaceRelative } from './workspaceFile';

export const ESTIMATE_COST_TOOL = 'estimate_cost';

export function registerEstimateCostTool(server: McpServer, context: McpContext): void {
  const { io, flags } = context;
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
    async (input): Promise<CallToolResult> => {
      try {
        const store = createNodeFileStore();
        const options = requestOptions(input);
        const asked: JobRequest =
          input.images === undefined
            ? parseImageRequest({ kind: 'generate', prompt: input.prompt, ...options }, io.now())
            : {
                kind: 'edit',
                prompt: input.prompt,
                ...options,
                sources: { images: input.images.map((file) => workspaceRelative(flags.workspace, file)) },
              };
        const { request } = await loadJobRequest({ store, workspaceRoot: toStorePath(flags.workspace) }, asked);
        const totals = await usageTotals({ store, folder: cliFolders(io).ledgerFolder, now: io.now() });
        const text = estimateText({
          request,
          monthUsd: totals.monthUsd,
          limits: spendingLimits(flags, io),
          whenAsked: 'the person will be asked before it is sent (and it is refused if this client cannot ask).',
          refusalText: (err) => mcpErrorText(err, { cwd: io.cwd, secrets: [] }),
        });
        return { content: [{ type: 'text', text }] };
      } catch (err) {
        return toolError(describeError(err, { cwd: io.cwd, secrets: [], shutdown: context.shutdown }));
      }
    },
  );
}
