/** FileStore on `node:fs/promises` for the CLI and tests (the extension uses `vscode.workspace.fs`, rule F6). */
import { constants as fsConstants, type Dirent } from 'node:fs';
import * as fs from 'node:fs/promises';
import { type FileKind, type FileStat, type FileStore, FileStoreError, type FileStoreErrorCode } from './fileStore';

// Errors from `link` that mean "this file system cannot hard-link", not "the target exists" or "no access".
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK']);

/** A FileStore on the local disk; paths are absolute POSIX paths (`/C:/x` is accepted on Windows). */
export function createNodeFileStore(): FileStore {
  return {
    readFile: (path) => mapped(path, async () => new Uint8Array(await fs.readFile(native(path)))),
    writeFile: (path, bytes) => mapped(path, () => fs.writeFile(native(path), bytes)),
    renameNoOverwrite: (from, to) => mapped(to, () => renameNoOverwrite(native(from), native(to))),
    stat: (path) => mapped(path, () => statWithoutFollowing(native(path))),
    createDirectory: (path) =>
      mapped(path, async () => {
        await fs.mkdir(native(path), { recursive: true });
      }),
    readDirectory: (path) =>
      mapped(path, async () => {
        const entries = await fs.readdir(native(path), { withFileTypes: true });
        return entries.map((entry): [string, FileKind] => [entry.name, kindOf(entry)]);
      }),
    delete: (path) => mapped(path, () => deleteIfPresent(native(path))),
  };
}

async function renameNoOverwrite(from: string, to: string): Promise<void> {
  // `fs.rename` silently replaces the target. A hard link fails with EEXIST atomically, so two writers
  // racing for one name can never overwrite each other.
  try {
    await fs.link(from, to);
  } catch (err) {
    if (!LINK_UNSUPPORTED.has(codeOf(err))) throw err;
    const source = await fs.lstat(from);
    if (source.isDirectory()) {
      // Folders cannot be linked or copied exclusively; the check and the rename are two steps, so a
      // target created between them could be replaced. The engine only renames files.
      if ((await statWithoutFollowing(to)) !== undefined) throw new FileStoreError('exists', `${to} already exists`);
      await fs.rename(from, to);
      return;
    }
    // COPYFILE_EXCL is the exclusive fallback on file systems without hard links (FAT, some network shares).
    await fs.copyFile(from, to, fsConstants.COPYFILE_EXCL);
  }
  await fs.unlink(from);
}

async function statWithoutFollowing(path: string): Promise<FileStat | undefined> {
  try {
    // lstat: a symlink is reported as one, never as what it points to (rule F3).
    const stats = await fs.lstat(path);
    const kind: FileKind = stats.isSymbolicLink()
      ? 'symlink'
      : stats.isDirectory()
        ? 'directory'
        : stats.isFile()
          ? 'file'
          : 'other';
    return { kind, size: stats.size };
  } catch (err) {
    if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

async function deleteIfPresent(path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT') return;
    // unlink refuses folders (EISDIR on Linux, EPERM on macOS); an empty one is removed instead.
    if ((code === 'EISDIR' || code === 'EPERM') && (await statWithoutFollowing(path))?.kind === 'directory') {
      await fs.rmdir(path);
      return;
    }
    throw err;
  }
}

function kindOf(entry: Dirent): FileKind {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  return 'other';
}

function native(path: string): string {
  if (!path.startsWith('/')) throw new FileStoreError('other', `Not an absolute POSIX path: ${path}`);
  // The engine's paths are URI-style; on Windows `/C:/x` names `C:/x`.
  if (process.platform === 'win32' && /^\/[A-Za-z]:\//.test(path)) return path.slice(1);
  return path;
}

async function mapped<T>(path: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof FileStoreError) throw err;
    throw new FileStoreError(storeCodeOf(codeOf(err)), `${describe(codeOf(err))}: ${path}`, { cause: err });
  }
}

function storeCodeOf(code: string): FileStoreErrorCode {
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'not-found';
    case 'EEXIST':
      return 'exists';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'no-permission';
    default:
      return 'other';
  }
}

function describe(code: string): string {
  switch (storeCodeOf(code)) {
    case 'not-found':
      return 'No such file or folder';
    case 'exists':
      return 'Already exists';
    case 'no-permission':
      return `No permission to write (${code})`;
    default:
      return code === '' ? 'File system error' : `File system error ${code}`;
  }
}

function codeOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return '';
}
