import type * as vscode from 'vscode';
import type { FileStore } from '../core/files/fileStore';
import { createNodeFileStore } from '../core/files/nodeFileStore';
import { isOnLocalDisk } from './localDiskUri';
import { WorkspaceFileStore } from './workspaceFileStore';

// One instance: the manifest's in-place appends remember, per store, what this process wrote last.
const localDisk = createNodeFileStore();

/**
 * The engine's files under `uri`: a `file:` folder is on the extension host's own disk (in a remote or WSL window the
 * host runs beside the files), so it goes through the same Node store as the CLI, with its symlink and containment
 * checks. `vscode.workspace.fs` there costs a round trip through the window per call (15–35 ms each in code-server,
 * a dozen calls per image), which kept the link 300 ms behind the answer. Anything else keeps `workspace.fs` (F6):
 * another scheme (a virtual workspace), and a Windows network path (`\\server\share`), whose server is the URI's
 * authority, which the Node store's plain paths would drop (it would write to `C:\share` instead).
 */
export function engineFileStore(uri: vscode.Uri): FileStore {
  return isOnLocalDisk(uri) ? localDisk : new WorkspaceFileStore(uri);
}
