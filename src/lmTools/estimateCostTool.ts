import * as vscode from 'vscode';
import * as z from 'zod';
import { loadJobRequest, type JobRequest } from '../core/engine/jobRequest';
import { estimateText } from '../core/tools/estimateText';
import { estimateCostShape } from '../core/tools/toolInputs';
import { readSettings } from '../vscode/settingsReader';
import { WorkspaceFileStore } from '../vscode/workspaceFileStore';
import type { LmToolDeps } from './lmToolDeps';
import { toolGenerateRequest, toolRequestOptions } from './settingsOptions';
import { toolErrorText } from './toolErrorText';
import { toolFailure } from './toolFailure';
import { lmToolNames } from './toolNames';
import { oneFolder, workspaceInputFile } from './workspaceInputFile';

export const estimateCostInput = z.object(estimateCostShape);

/** `#estimateImageCost`: what a generation or edit would cost under the settings, and what the limits make of it. */
export function estimateCostTool(deps: LmToolDeps): vscode.LanguageModelTool<unknown> {
  return {
    prepareInvocation: () => ({ invocationMessage: 'Estimating the cost…' }),
    async invoke(options) {
      try {
        const input = estimateCostInput.parse(options.input);
        const images = (input.images ?? []).map((file) => workspaceInputFile(file, 'The input image'));
        const folder = oneFolder(images);
        const settings = readSettings(images[0]?.uri ?? folder.uri);
        const asked: JobRequest =
          images.length === 0
            ? toolGenerateRequest(input.prompt, input, settings)
            : {
                kind: 'edit',
                prompt: input.prompt,
                ...toolRequestOptions(input, settings),
                sources: { images: images.map((file) => file.relative) },
              };
        const store = new WorkspaceFileStore(folder.uri);
        const { request } = await loadJobRequest({ store, workspaceRoot: folder.uri.path }, asked);
        const { monthUsd } = await deps.engine.usage();
        const text = estimateText({
          request,
          monthUsd,
          limits: {
            confirmAboveUsd: settings.confirmAboveUsd,
            monthlyBudgetUsd: settings.monthlyBudgetUsd,
          },
          whenAsked: 'the person is shown the cost and asked before it is sent.',
          refusalText: (err) => toolErrorText(err, deps.keyStore.knownSecrets()),
        });
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
      } catch (err) {
        return toolFailure(deps, lmToolNames.estimateCost, err);
      }
    },
  };
}
