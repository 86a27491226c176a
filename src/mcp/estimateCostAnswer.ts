/**
 * The work behind the `estimate_cost` tool, required on its first call rather than when the server starts (issue 14):
 * it reads the input images and the usage ledger, which the server's first answer does not need.
 */
import type * as z from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { JobRequest } from '../core/engine/jobRequest';
import { loadJobRequest } from '../core/engine/jobRequest';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { parseImageRequest } from '../core/request/imageRequest';
import { estimateText } from '../core/tools/estimateText';
import type { estimateCostShape } from '../core/tools/toolInputs';
import { usageTotals } from '../core/spend/usageLedger';
import { cliFolders } from '../cli/cliConfig';
import { spendingLimits } from '../cli/spendingLimits';
import { toStorePath } from '../cli/storePath';
import { describeError, mcpErrorText } from './describeError';
import type { McpContext } from './mcpContext';
import { toolError } from './toolError';
import { requestOptions } from './mcpRequestOptions';
import { workspaceRelative } from './workspaceFile';

export type EstimateCostInput = z.output<z.ZodObject<typeof estimateCostShape>>;

export async function estimateCostAnswer(context: McpContext, input: EstimateCostInput): Promise<CallToolResult> {
  const { io, flags } = context;
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
}
