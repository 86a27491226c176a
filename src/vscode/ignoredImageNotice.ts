import * as vscode from 'vscode';

export interface IgnoredImageNoticeDeps {
  /** Per workspace: the notice is shown once per workspace, not once per link. */
  readonly workspaceState: vscode.Memento;
}

const shownKey = 'imageStudio.ignoredImageNoticeShown';
const manifestPath = '.imagestudio/manifest.json';

/** Whether the folder is in a git repository: its own `.git`, or one further up, which workspace.fs can see. */
async function inGitRepository(folder: vscode.WorkspaceFolder): Promise<boolean> {
  let dir = folder.uri;
  for (let depth = 0; depth < 32; depth++) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, '.git'));
      return true;
    } catch {
      const parent = vscode.Uri.joinPath(dir, '..');
      if (parent.path === dir.path) return false;
      dir = parent;
    }
  }
  return false;
}

/**
 * Images land in a git-ignored folder, so a committed document's link is broken for a teammate who
 * clones. Says so once per workspace, and points at the manifest that lets them regenerate the image.
 */
export async function explainIgnoredImageOnce(
  deps: IgnoredImageNoticeDeps,
  document: vscode.TextDocument,
  folder: vscode.WorkspaceFolder,
): Promise<void> {
  if (deps.workspaceState.get<boolean>(shownKey) || document.isUntitled || !(await inGitRepository(folder))) return;
  await deps.workspaceState.update(shownKey, true);
  const openManifest = 'Open Manifest';
  const choice = await vscode.window.showInformationMessage(
    `Image Studio: ${vscode.workspace.asRelativePath(document.uri)} now links an image in a git-ignored ` +
      `folder, so it will be missing for anyone who clones the repository. Commit ${manifestPath}: it ` +
      `records each image's prompt and options, and “Image Studio: Regenerate Missing Images” recreates ` +
      `them from it.`,
    openManifest,
  );
  if (choice === openManifest)
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(folder.uri, manifestPath));
}
