import { posix } from 'node:path';
import * as vscode from 'vscode';

/** The workspace folder holding `uri` and the POSIX path inside it, or undefined when `uri` is outside every folder. */
export function workspaceRelative(uri: vscode.Uri): { folder: vscode.WorkspaceFolder; relative: string } | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const relative = posix.relative(folder.uri.path, uri.path);
  if (relative === '' || relative.startsWith('../') || relative === '..') return undefined;
  return { folder, relative };
}
