import * as vscode from 'vscode';
import { editImageTool } from './editImageTool';
import { estimateCostTool } from './estimateCostTool';
import { generateImageTool } from './generateImageTool';
import { listImagesTool } from './listImagesTool';
import type { LmToolDeps } from './lmToolDeps';
import { lmToolNames, type LmToolName } from './toolNames';

export type LanguageModelTools = Readonly<Record<LmToolName, vscode.LanguageModelTool<unknown>>>;

/** The four tools package.json contributes as `languageModelTools`, by name. */
export function languageModelTools(deps: LmToolDeps): LanguageModelTools {
  return {
    [lmToolNames.generateImage]: generateImageTool(deps),
    [lmToolNames.editImage]: editImageTool(deps),
    [lmToolNames.listImages]: listImagesTool(deps),
    [lmToolNames.estimateCost]: estimateCostTool(deps),
  };
}

/** Registers each tool under its name; dispose them with the extension. */
export function registerLanguageModelTools(tools: LanguageModelTools): vscode.Disposable[] {
  return Object.entries(tools).map(([name, tool]) => vscode.lm.registerTool(name, tool));
}
