import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';

/**
 * The workspace folder a command works in: the one holding `document` (the active or last-used editor's), else the
 * first folder. Images are saved into the workspace, so with no folder open the command refuses.
 */
export function workspaceFolderFor(document: vscode.Uri | undefined): vscode.WorkspaceFolder {
  const folder = (document && vscode.workspace.getWorkspaceFolder(document)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new ImageStudioError({ kind: 'no-workspace-folder' });
  return folder;
}
