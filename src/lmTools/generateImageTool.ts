import type * as vscode from 'vscode';
import * as z from 'zod';
import { generateImageShape } from '../core/tools/toolInputs';
import { readSettings } from '../vscode/settingsReader';
import type { LmToolDeps } from './lmToolDeps';
import { paidImageTool, type PaidToolJob } from './paidImageTool';
import { toolGenerateRequest } from './settingsOptions';
import { lmToolNames } from './toolNames';
import { oneFolder, workspaceInputFile } from './workspaceInputFile';

export const generateImageInput = z.object(generateImageShape);

/** `#generateImage`: a generation saved into the output folder, recorded in the manifest and the ledger. */
export function generateImageTool(deps: LmToolDeps): vscode.LanguageModelTool<unknown> {
  return paidImageTool(deps, lmToolNames.generateImage, planGenerate);
}

function planGenerate(raw: unknown): PaidToolJob {
  const input = generateImageInput.parse(raw);
  const document = input.document !== undefined ? workspaceInputFile(input.document, 'The document') : undefined;
  const folder = oneFolder(document ? [document] : []);
  const settings = readSettings(document?.uri ?? folder.uri);
  const request = toolGenerateRequest(input.prompt, input, settings);
  return {
    folder,
    settings,
    request,
    document: document?.relative,
    invocationMessage: `Generating ${request.n} image${request.n === 1 ? '' : 's'}…`,
  };
}
