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
  /**
   * Present only where a file can be changed in place (the local disk of the CLI and MCP server); absent on
   * `vscode.workspace.fs`, which writes whole files only (F6).
   */
  readonly inPlace?: InPlaceWrites;
}

/**
 * Which version of a file this is, as the store tells it (on disk: device, inode, size and change times); equal
 * identities mean nobody wrote the file in between. Opaque: only compared.
 */
export type FileIdentity = string;

/** A change to a file's last bytes, made only if the file is still the one the caller last saw. */
export interface TailReplacement {
  /** The identity the file must still have. */
  readonly identity: FileIdentity;
  /** The bytes the file must end with, exactly (what the caller last wrote there). */
  readonly expectedTail: Uint8Array;
  /** How many of those last bytes are replaced (at most `expectedTail.length`). */
  readonly replaceLast: number;
  /** What is written in their place, at that offset, in one positional write. */
  readonly replacement: Uint8Array;
}

/** Writes that change part of a file rather than all of it. */
export interface InPlaceWrites {
  /** The identity of the plain file at `path`; undefined when nothing, or something other than a file, is there. */
  identify(path: string): Promise<FileIdentity | undefined>;
  /**
   * Replaces the file's last bytes when it still has `identity` and ends with `expectedTail`, and answers its new
   * identity; answers undefined, writing nothing, when it does not. Never follows a symlink at `path`.
   */
  replaceTail(path: string, change: TailReplacement): Promise<FileIdentity | undefined>;
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
