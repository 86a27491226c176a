/**
 * The work behind the `list_images` tool, required on its first call rather than when the server starts (issue 14):
 * it reads the manifest, which the server's first answer does not need.
 */
import type * as z from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { readManifest } from '../core/files/manifest';
import { DEFAULT_LIST_LIMIT, listImagesText } from '../core/tools/listImagesText';
import type { listImagesShape } from '../core/tools/toolInputs';
import { toStorePath } from '../cli/storePath';
import { describeError } from './describeError';
import type { McpContext } from './mcpContext';
import { toolError } from './toolError';

export type ListImagesInput = z.output<z.ZodObject<typeof listImagesShape>>;

export async function listImagesAnswer(context: McpContext, input: ListImagesInput): Promise<CallToolResult> {
  try {
    const read = await readManifest({
      store: createNodeFileStore(),
      workspaceRoot: toStorePath(context.flags.workspace),
    });
    return { content: [{ type: 'text', text: listImagesText(read, input.limit ?? DEFAULT_LIST_LIMIT) }] };
  } catch (err) {
    return toolError(describeError(err, { cwd: context.io.cwd, secrets: [], shutdown: context.shutdown }));
  }
}
