/**
 * FileStore on `node:fs/promises`: the CLI's, the tests', and the extension's for a `file:` folder on the extension
 * host's own disk (`src/vscode/engineFileStore.ts`, rule F6).
 */
import { type BigIntStats, constants as fsConstants, type Dirent } from 'node:fs';
import * as fs from 'node:fs/promises';
import {
  type FileIdentity,
  type FileKind,
  type FileStat,
  type FileStore,
  FileStoreError,
  type FileStoreErrorCode,
  type TailReplacement,
} from './fileStore';

// Errors from `link` that mean "this file system cannot hard-link", not "the target exists" or "no access".
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK']);
// A symlink put at the path is never written through (F3); Windows has no O_NOFOLLOW, and the identity check
// (the inode) refuses a different file there anyway.
const OPEN_IN_PLACE = fsConstants.O_RDWR | (fsConstants.O_NOFOLLOW ?? 0);
// What `open` answers when the path is gone or is a symlink (O_NOFOLLOW): the file is not the one last seen.
const NOT_THE_FILE = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'EMLINK', 'EISDIR']);

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
    inPlace: {
      identify: (path) => mapped(path, () => identify(native(path))),
      replaceTail: (path, change) => mapped(path, () => replaceTail(native(path), change)),
    },
  };
}

async function identify(path: string): Promise<FileIdentity | undefined> {
  try {
    const stats = await fs.lstat(path, { bigint: true });
    return stats.isFile() ? identityOf(stats) : undefined;
  } catch (err) {
    if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Device and inode say which file, size and the nanosecond change times say which version of it. */
function identityOf(stats: BigIntStats): FileIdentity {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/** The identity check, the tail check and the write all go through one open handle, so no rename can slip between. */
async function replaceTail(path: string, change: TailReplacement): Promise<FileIdentity | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, OPEN_IN_PLACE);
  } catch (err) {
    if (NOT_THE_FILE.has(codeOf(err))) return undefined;
    throw err;
  }
  try {
    const before = await handle.stat({ bigint: true });
    if (!before.isFile() || identityOf(before) !== change.identity) return undefined;
    const size = Number(before.size);
    const tailLength = change.expectedTail.length;
    if (tailLength > size || change.replaceLast > tailLength || change.replaceLast < 0) return undefined;
    const tail = new Uint8Array(tailLength);
    const { bytesRead } = await handle.read(tail, 0, tailLength, size - tailLength);
    if (bytesRead !== tailLength || !sameBytes(tail, change.expectedTail)) return undefined;
    const offset = size - change.replaceLast;
    const end = offset + change.replacement.length;
    try {
      await writeAllAt(handle, change.replacement, offset);
      if (end < size) await handle.truncate(end);
    } catch (err) {
      // Put the old last bytes back (a full disk can stop a write part way), so the file reads as it did.
      await writeAllAt(handle, change.expectedTail.subarray(tailLength - change.replaceLast), offset)
        .then(() => handle.truncate(size))
        .catch(() => undefined);
      throw err;
    }
    return identityOf(await handle.stat({ bigint: true }));
  } finally {
    await handle.close();
  }
}

async function writeAllAt(handle: fs.FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    if (bytesWritten <= 0) throw new FileStoreError('other', 'The file system took no bytes');
    written += bytesWritten;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
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
