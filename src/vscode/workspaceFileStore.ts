import * as vscode from 'vscode';
import { FileStoreError, type FileKind, type FileStat, type FileStore } from '../core/files/fileStore';

function kindOf(type: vscode.FileType): FileKind {
  // FileType is a bit mask: a symlink to a folder is SymbolicLink | Directory (F3).
  if (type & vscode.FileType.SymbolicLink) return 'symlink';
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

function mapError(err: unknown, path: string): unknown {
  if (err instanceof vscode.FileSystemError) {
    const code =
      err.code === 'FileNotFound'
        ? 'not-found'
        : err.code === 'FileExists'
          ? 'exists'
          : err.code === 'NoPermissions'
            ? 'no-permission'
            : 'other';
    return new FileStoreError(code, `${err.code}: ${path}`, { cause: err });
  }
  return err;
}

/**
 * The engine's FileStore on `vscode.workspace.fs`, so saving works in remote, WSL and virtual
 * workspaces (F6). Paths are the URI paths of one workspace folder's file system.
 */
export class WorkspaceFileStore implements FileStore {
  constructor(private readonly base: vscode.Uri) {}

  private uri(path: string): vscode.Uri {
    return this.base.with({ path });
  }

  private async call<T>(path: string, action: () => Thenable<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      throw mapError(err, path);
    }
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.call(path, () => vscode.workspace.fs.readFile(this.uri(path)));
  }

  writeFile(path: string, bytes: Uint8Array): Promise<void> {
    return this.call(path, () => vscode.workspace.fs.writeFile(this.uri(path), bytes));
  }

  renameNoOverwrite(from: string, to: string): Promise<void> {
    return this.call(to, () => vscode.workspace.fs.rename(this.uri(from), this.uri(to), { overwrite: false }));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(this.uri(path));
      return { kind: kindOf(stat.type), size: stat.size };
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw mapError(err, path);
    }
  }

  createDirectory(path: string): Promise<void> {
    return this.call(path, () => vscode.workspace.fs.createDirectory(this.uri(path)));
  }

  async readDirectory(path: string): Promise<[string, FileKind][]> {
    const entries = await this.call(path, () => vscode.workspace.fs.readDirectory(this.uri(path)));
    return entries.map(([name, type]) => [name, kindOf(type)]);
  }

  async delete(path: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.uri(path), { useTrash: false });
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return;
      throw mapError(err, path);
    }
  }
}
