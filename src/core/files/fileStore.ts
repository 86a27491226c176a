/**
 * The engine's only door to files. Paths are absolute POSIX paths within one file system; the
 * extension passes a store on `vscode.workspace.fs` (remote and virtual workspaces), the CLI one on
 * `node:fs`.
 */
export type FileKind = 'file' | 'directory' | 'symlink' | 'other';

export interface FileStat {
  readonly kind: FileKind;
  readonly size: number;
}

export interface FileStore {
  /** The file's bytes; rejects with a `FileStoreError` of code 'not-found' when absent. */
  readFile(path: string): Promise<Uint8Array>;
  /** Creates or replaces a file. Callers that must not overwrite write a temporary file and `rename`. */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /** Renames without ever replacing: rejects with code 'exists' when the target is there. */
  renameNoOverwrite(from: string, to: string): Promise<void>;
  /** What is at the path, without following a final symlink; undefined when nothing is. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Creates the folder and its parents. */
  createDirectory(path: string): Promise<void>;
  /** Entries of a folder (names only, with their kinds). */
  readDirectory(path: string): Promise<[string, FileKind][]>;
  /** Deletes a file; no error when it is already gone. */
  delete(path: string): Promise<void>;
}

export type FileStoreErrorCode = 'not-found' | 'exists' | 'no-permission' | 'other';

export class FileStoreError extends Error {
  constructor(
    readonly code: FileStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FileStoreError';
  }
}
