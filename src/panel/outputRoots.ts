import * as vscode from 'vscode';
import { isSafeRelativeFolder } from '../core/fileName';

/** The output folder of each workspace folder (from its resource-scoped setting), when the setting is a safe relative folder. */
export function outputRoots(): vscode.Uri[] {
  const roots: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const setting = vscode.workspace.getConfiguration('imageStudio', folder.uri).get<unknown>('outputFolder');
    try {
      roots.push(vscode.Uri.joinPath(folder.uri, isSafeRelativeFolder(typeof setting === 'string' ? setting : 'ignore')));
    } catch {
      // An unsafe folder setting is refused by the engine too; the panel just does not show from it.
    }
  }
  return roots;
}

/** True when `uri` lies inside one of `roots` (same scheme and authority, path below the root). */
export function isInside(uri: vscode.Uri, roots: readonly vscode.Uri[]): boolean {
  return roots.some((root) => root.scheme === uri.scheme && root.authority === uri.authority && uri.path.startsWith(`${root.path.replace(/\/$/, '')}/`));
}
