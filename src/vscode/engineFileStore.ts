import type * as vscode from 'vscode';
import type { FileStore } from '../core/files/fileStore';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { WorkspaceFileStore } from './workspaceFileStore';

// One instance: the manifest's in-place appends remember, per store, what this process wrote last.
const localDisk = createNodeFileStore();

/**
 * The engine's files under `uri`: a `file:` folder is on the extension host's own disk (in a remote or WSL window the
 * host runs beside the files), so it goes through the same Node store as the CLI, with its symlink and containment
 * checks. `vscode.workspace.fs` there costs a round trip through the window per call (15–35 ms each in code-server,
 * a dozen calls per image), which kept the link 300 ms behind the answer. Any other scheme (a virtual workspace)
 * keeps `workspace.fs` (F6).
 */
export function engineFileStore(uri: vscode.Uri): FileStore {
  return uri.scheme === 'file' ? localDisk : new WorkspaceFileStore(uri);
}
