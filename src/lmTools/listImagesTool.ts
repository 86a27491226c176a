import * as vscode from 'vscode';
import * as z from 'zod';
import { readManifest } from '../core/files/manifest';
import { DEFAULT_LIST_LIMIT, listImagesText } from '../core/tools/listImagesText';
import { listImagesShape } from '../core/tools/toolInputs';
import { WorkspaceFileStore } from '../vscode/workspaceFileStore';
import type { LmToolDeps } from './lmToolDeps';
import { toolFailure } from './toolFailure';
import { lmToolNames } from './toolNames';

export const listImagesInput = z.object(listImagesShape);

/** `#listImages`: each workspace folder's manifest, newest first; a file read, free, so it asks nothing. */
export function listImagesTool(deps: LmToolDeps): vscode.LanguageModelTool<unknown> {
  return {
    prepareInvocation: () => ({ invocationMessage: 'Listing the images Image Studio saved…' }),
    async invoke(options) {
      try {
        const input = listImagesInput.parse(options.input);
        const folders = vscode.workspace.workspaceFolders ?? [];
        if (folders.length === 0) return textResult('No folder is open, so no images are recorded.');
        const parts: string[] = [];
        for (const folder of folders) {
          const read = await readManifest({
            store: new WorkspaceFileStore(folder.uri),
            workspaceRoot: folder.uri.path,
          });
          const text = listImagesText(read, input.limit ?? DEFAULT_LIST_LIMIT);
          parts.push(folders.length > 1 ? `Workspace folder ${folder.name}:\n${text}` : text);
        }
        return textResult(parts.join('\n\n'));
      } catch (err) {
        return toolFailure(deps, lmToolNames.listImages, err);
      }
    },
  };
}

function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}
