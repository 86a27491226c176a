import * as vscode from 'vscode';
import { checkOutputFolder } from '../core/files/outputFolder';
import { WorkspaceFileStore } from '../vscode/workspaceFileStore';

/**
 * The output folder of each workspace folder that may be a webview resource root (W3): one the engine would
 * save in (a subfolder inside the workspace, not in .git or .imagestudio, no segment of it a symbolic link on
 * disk (F3), since the webview would follow a link out of the workspace). A folder not made yet is still a root.
 */
export async function outputRoots(): Promise<vscode.Uri[]> {
  const roots: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const setting = vscode.workspace.getConfiguration('imageStudio', folder.uri).get<unknown>('outputFolder');
    try {
      // The engine's own check: never the workspace itself, .git or .imagestudio, no linked segment.
      const { path } = await checkOutputFolder({
        store: new WorkspaceFileStore(folder.uri),
        workspaceRoot: folder.uri.path,
        outputFolder: typeof setting === 'string' ? setting : 'ignore',
      });
      roots.push(folder.uri.with({ path }));
    } catch {
      // An unsafe or linked folder is refused by the engine too; the panel just does not show from it.
    }
  }
  return roots;
}

/** True when both lists name the same folders in the same order. */
export function sameRoots(a: readonly vscode.Uri[], b: readonly vscode.Uri[]): boolean {
  return a.length === b.length && a.every((uri, index) => uri.toString() === b[index]?.toString());
}

/** True when `uri` lies inside one of `roots` (same scheme and authority, path below the root). */
export function isInside(uri: vscode.Uri, roots: readonly vscode.Uri[]): boolean {
  return roots.some(
    (root) =>
      root.scheme === uri.scheme &&
      root.authority === uri.authority &&
      uri.path.startsWith(`${root.path.replace(/\/$/, '')}/`),
  );
}
