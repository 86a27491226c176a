import * as path from 'node:path';
import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { workspaceRelative } from '../vscode/workspaceRelative';

export interface WorkspaceInputFile {
  readonly folder: vscode.WorkspaceFolder;
  /** POSIX path inside the folder. */
  readonly relative: string;
  readonly uri: vscode.Uri;
}

/**
 * A file a tool call names: relative to the (first) workspace folder, or absolute inside a workspace folder. Anything
 * else is refused in words, before anything is read or sent.
 */
export function workspaceInputFile(file: string, what: string): WorkspaceInputFile {
  const first = vscode.workspace.workspaceFolders?.[0];
  if (!first) throw new ImageStudioError({ kind: 'no-workspace-folder' });
  const absolute = path.posix.isAbsolute(file) || path.win32.isAbsolute(file);
  const uri = absolute ? vscode.Uri.file(file) : vscode.Uri.joinPath(first.uri, file);
  const inside = !absolute && /(^|[\\/])\.\.([\\/]|$)/.test(file) ? undefined : workspaceRelative(uri);
  if (!inside)
    throw new ImageStudioError({
      kind: 'request-invalid',
      problem:
        `${what} ${JSON.stringify(file.slice(0, 200))} is not a file inside the workspace: name it relative to the ` +
        `workspace folder ${first.name}, or by an absolute path inside a workspace folder.`,
    });
  return { ...inside, uri: inside.folder.uri.with({ path: path.posix.join(inside.folder.uri.path, inside.relative) }) };
}

/** The folder every file of one call is in; a call naming files in two folders is refused. */
export function oneFolder(files: readonly WorkspaceInputFile[]): vscode.WorkspaceFolder {
  const folder = files[0]?.folder ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new ImageStudioError({ kind: 'no-workspace-folder' });
  const other = files.find((file) => file.folder.uri.toString() !== folder.uri.toString());
  if (other)
    throw new ImageStudioError({
      kind: 'request-invalid',
      problem:
        `The files of one call must be in one workspace folder: ${other.relative} is in ${other.folder.name}, ` +
        `not ${folder.name}.`,
    });
  return folder;
}
