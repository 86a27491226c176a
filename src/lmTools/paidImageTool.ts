import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { loadJobRequest, type JobRequest } from '../core/engine/jobRequest';
import type { Settings } from '../core/request/settings';
import { checkBudget } from '../core/spend/budget';
import { estimateCost } from '../core/spend/estimateCost';
import { confirmationMarkdown, confirmationTitle } from '../core/tools/confirmationText';
import { WorkspaceFileStore } from '../vscode/workspaceFileStore';
import { imageToolResult } from './imageToolResult';
import type { LmToolDeps } from './lmToolDeps';
import { toolFailure } from './toolFailure';
import type { LmToolName } from './toolNames';

/** One paid call, planned from the tool's input: where it runs, under which settings, what it asks for. */
export interface PaidToolJob {
  readonly folder: vscode.WorkspaceFolder;
  readonly settings: Settings;
  readonly request: JobRequest;
  /** Workspace-relative document the links are relative to. */
  readonly document?: string | undefined;
  /** Shown while the call runs, e.g. "Generating 1 image…". */
  readonly invocationMessage: string;
}

/**
 * A generate or edit tool: `plan` parses the input (zod) and builds the job; the engine's one door
 * (EngineHost.run) then applies Restricted Mode, the budget, the confirmation threshold and the cache exactly as for
 * the commands, and the job is marked as made by an agent through this tool.
 */
export function paidImageTool(
  deps: LmToolDeps,
  name: LmToolName,
  plan: (input: unknown) => PaidToolJob,
): vscode.LanguageModelTool<unknown> {
  // Calls whose cost confirmation VS Code has shown, by input: invoke runs only once the person allowed it.
  const fail = (err: unknown): never => toolFailure(deps, name, err);
  return {
    async prepareInvocation(options) {
      let job: PaidToolJob;
      try {
        job = plan(options.input);
      } catch (err) {
        return fail(err);
      }
      // Restricted Mode and a request over the budget are refused by invoke, in words, before anything is sent.
      if (!vscode.workspace.isTrusted) return { invocationMessage: job.invocationMessage };
      const store = new WorkspaceFileStore(job.folder.uri);
      const { request } = await loadJobRequest({ store, workspaceRoot: job.folder.uri.path }, job.request).catch(fail);
      const estimateUsd = estimateCost(request).usd;
      const { monthUsd } = await deps.engine.usage();
      let asks: boolean;
      try {
        asks =
          checkBudget({
            estimateUsd,
            totals: { monthUsd },
            confirmAboveUsd: job.settings.confirmAboveUsd,
            monthlyCapUsd: job.settings.monthlyBudgetUsd,
          }).kind === 'confirm';
      } catch (err) {
        if (err instanceof ImageStudioError && err.reason.kind === 'budget-exceeded')
          return { invocationMessage: job.invocationMessage };
        return fail(err);
      }
      // The threshold is the commands' own (imageStudio.confirmAboveUsd): below it the call goes ahead as a command
      // would. Above it the chat shows what will be sent and its cost; the engine's own dialog still asks when the
      // call runs, because "Always Allow" (or chat.tools.autoApprove) skips this confirmation for every later call.
      if (!asks) return { invocationMessage: job.invocationMessage };
      const inputFiles = 'sources' in job.request ? job.request.sources.images : undefined;
      return {
        invocationMessage: job.invocationMessage,
        confirmationMessages: {
          title: confirmationTitle(request, estimateUsd),
          message: new vscode.MarkdownString(
            confirmationMarkdown({
              request,
              estimateUsd,
              monthUsd,
              monthlyBudgetUsd: job.settings.monthlyBudgetUsd,
              ...(inputFiles ? { inputFiles } : {}),
            }),
          ),
        },
      };
    },

    async invoke(options, token) {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        const job = plan(options.input);
        deps.log.info(`${name}: ${job.invocationMessage}`);
        const result = await deps.engine.run(job.folder, job.settings, job.request, {
          signal: controller.signal,
          agent: { via: 'copilot', tool: name },
        });
        for (const notice of result.notices) deps.log.warn(notice);
        return await imageToolResult(result, {
          folder: job.folder,
          document: job.document,
          prompt: job.request.prompt,
        });
      } catch (err) {
        return fail(err);
      } finally {
        cancel.dispose();
      }
    },
  };
}
