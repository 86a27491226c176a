import * as vscode from 'vscode';

/**
 * The `.env` files at the root of the workspace folders, found by stat alone: their contents are read only on an
 * explicit import (K7).
 */
export async function findEnvFiles(): Promise<vscode.Uri[]> {
  const found: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, '.env');
    try {
      // A symlinked .env is skipped: the key should come from the workspace's own file, not from wherever a link
      // points.
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type === vscode.FileType.File) found.push(uri);
    } catch {
      // Absent or unreadable: nothing to offer.
    }
  }
  return found;
}
