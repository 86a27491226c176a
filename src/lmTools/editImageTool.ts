import type * as vscode from 'vscode';
import * as z from 'zod';
import type { EditOfFiles } from '../core/engine/jobRequest';
import { editImageShape } from '../core/tools/toolInputs';
import { readSettings } from '../vscode/settingsReader';
import type { LmToolDeps } from './lmToolDeps';
import { paidImageTool, type PaidToolJob } from './paidImageTool';
import { toolRequestOptions } from './settingsOptions';
import { lmToolNames } from './toolNames';
import { oneFolder, workspaceInputFile } from './workspaceInputFile';

export const editImageInput = z.object(editImageShape);

/** `#editImage`: an edit of a workspace image (and a mask, and references), saved as a new image like a generation. */
export function editImageTool(deps: LmToolDeps): vscode.LanguageModelTool<unknown> {
  return paidImageTool(deps, lmToolNames.editImage, planEdit);
}

function planEdit(raw: unknown): PaidToolJob {
  const input = editImageInput.parse(raw);
  const image = workspaceInputFile(input.image, 'The image');
  const references = (input.references ?? []).map((file) => workspaceInputFile(file, 'The reference image'));
  const mask = input.mask !== undefined ? workspaceInputFile(input.mask, 'The mask') : undefined;
  const document = input.document !== undefined ? workspaceInputFile(input.document, 'The document') : undefined;
  const folder = oneFolder([image, ...references, ...(mask ? [mask] : []), ...(document ? [document] : [])]);
  const settings = readSettings(image.uri);
  const request: EditOfFiles = {
    kind: 'edit',
    prompt: input.prompt,
    ...toolRequestOptions(input, settings),
    sources: {
      images: [image.relative, ...references.map((file) => file.relative)],
      ...(mask ? { mask: mask.relative } : {}),
    },
  };
  return {
    folder,
    settings,
    request,
    document: document?.relative,
    invocationMessage: `Editing ${image.relative}…`,
  };
}
