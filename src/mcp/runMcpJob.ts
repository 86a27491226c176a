/**
 * Runs one paid tool call through the engine, exactly as the CLI's generate and edit do (same deps, job, budget,
 * manifest and ledger), with the cost question asked through elicitation and the call cancelled on shutdown.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { runImageJob, type ImageJob } from '../core/engine/runImageJob';
import type { AgentRun } from '../core/request/agentRun';
import { createEngineDeps } from '../cli/engineDeps';
import { cliImageJob, reportProgress } from '../cli/runCliJob';
import { confirmByElicitation } from './confirmByElicitation';
import { describeError } from './describeError';
import { imageToolResult } from './imageToolResult';
import type { McpContext, ToolCall } from './mcpContext';
import { toolError } from './toolError';

export interface McpJob {
  /** The tool that asked, recorded as the job's agent. */
  readonly tool: string;
  readonly request: ImageJob['request'];
  /** Workspace-relative document the links are relative to. */
  readonly document?: string | undefined;
}

/** The job's agent mark: this server, the tool, and the client's name when it gave a usable one. */
function agentRun(call: ToolCall, tool: string): AgentRun {
  // The name is the client's to choose: one short line of printable text, or nothing.
  // eslint-disable-next-line no-control-regex
  const name = (call.server.getClientVersion()?.name ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return { via: 'mcp', tool, ...(name !== '' ? { client: name.slice(0, 200) } : {}) };
}

/**
 * The tool result for the job `build` makes from the tool's input: the images, paths, links and cost, or a tool
 * error in words (bad input included).
 */
export async function runMcpJob(context: McpContext, call: ToolCall, build: () => McpJob): Promise<CallToolResult> {
  const { io, flags } = context;
  const signal = AbortSignal.any([context.shutdown, call.extra.signal]);
  const cli = createEngineDeps(io, { yes: false, imagesPerMinute: flags['images-per-minute'] });
  try {
    const job = build();
    const imageJob = { ...cliImageJob(io, job.request, flags), agent: agentRun(call, job.tool) };
    const deps = {
      ...cli,
      limiter: context.limiter,
      confirm: confirmByElicitation(call.server, { signal, relatedRequestId: call.extra.requestId }),
    };
    const running = runImageJob(deps, imageJob, { signal, onEvent: (event) => reportProgress(io, event) });
    context.track(running);
    const result = await running;
    for (const notice of result.notices) io.stderr(`${notice}\n`);
    return await imageToolResult(result, {
      store: deps.store,
      workspace: flags.workspace,
      document: job.document,
      prompt: job.request.prompt,
    });
  } catch (err) {
    const text = describeError(err, { cwd: io.cwd, secrets: cli.knownSecrets(), shutdown: context.shutdown });
    io.stderr(`${text}\n`);
    return toolError(text);
  }
}
