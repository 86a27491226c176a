/** An in-memory FileStore for tests: files, folders, symlinks, and failures injected per operation and folder. */
import { posix } from 'node:path';
import {
  type FileIdentity,
  type FileKind,
  type FileStat,
  type FileStore,
  FileStoreError,
  type FileStoreErrorCode,
  type InPlaceWrites,
  type TailReplacement,
} from '../../src/core/files/fileStore';

// `version` is new on every write, and moves with the file on rename, like an inode with its change time.
type MemoryEntry =
  { kind: 'file'; bytes: Uint8Array; version: number } | { kind: 'directory' } | { kind: 'symlink'; target: string };

export type FileStoreOperation = keyof FileStore;

/** A failure to inject: every `operation` on a path at or under `under` rejects with `code`. */
export interface InjectedFailure {
  operation: FileStoreOperation;
  under: string;
  code: FileStoreErrorCode;
}

// Loops of symlinks must end; Linux gives up after 40 as well.
const MAX_SYMLINK_HOPS = 40;

/** A FileStore held in a Map; intermediate symlinks are followed like a real file system, final ones are not. */
export class MemoryFileStore implements FileStore {
  private readonly entries = new Map<string, MemoryEntry>([['/', { kind: 'directory' }]]);
  private readonly failures: InjectedFailure[] = [];
  /** Every call made, in order, as `operation path`, for asserting what was touched. */
  readonly calls: string[] = [];
  private versions = 0;
  /** In-place writes, like the local disk's; absent with `{ inPlace: false }`, like `vscode.workspace.fs`. */
  readonly inPlace: InPlaceWrites | undefined;

  constructor(options: { inPlace?: boolean } = {}) {
    this.inPlace =
      options.inPlace === false
        ? undefined
        : {
            identify: async (path) => this.identify(path),
            replaceTail: async (path, change) => this.replaceTail(path, change),
          };
  }

  /** Makes every later `operation` under `under` reject with `code` (for example a read-only folder). */
  injectFailure(failure: InjectedFailure): void {
    this.failures.push({ ...failure, under: normalize(failure.under) });
  }

  /** Removes all injected failures. */
  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Creates a symlink at `path` pointing at the absolute `target` (parents created). */
  async addSymlink(path: string, target: string): Promise<void> {
    const normalized = normalize(path);
    await this.createDirectory(posix.dirname(normalized));
    this.entries.set(this.resolveParents(normalized), { kind: 'symlink', target: normalize(target) });
  }

  /**
   * Changes a file's bytes keeping its identity, as an edit of the same size within one tick of a coarse file clock
   * (FAT, HFS+) would: only a check of the bytes themselves can tell.
   */
  editKeepingIdentity(path: string, bytes: Uint8Array): void {
    const resolved = this.resolveParents(normalize(path));
    const entry = this.entries.get(resolved);
    if (entry?.kind !== 'file' || entry.bytes.length !== bytes.length)
      throw new Error(`${path}: only a file's bytes of the same length can change unseen`);
    this.entries.set(resolved, { ...entry, bytes: bytes.slice() });
  }

  /** All file paths currently stored, sorted (symlinks and folders excluded). */
  filePaths(): string[] {
    return [...this.entries]
      .filter(([, entry]) => entry.kind === 'file')
      .map(([path]) => path)
      .sort();
  }

  async readFile(path: string): Promise<Uint8Array> {
    const resolved = this.begin('readFile', path, { followFinal: true });
    const entry = this.entries.get(resolved);
    if (entry === undefined) throw new FileStoreError('not-found', `No file at ${path}`);
    if (entry.kind !== 'file') throw new FileStoreError('other', `${path} is not a file`);
    return entry.bytes.slice();
  }

  async writeFile(path: string, bytes: Uint8Array): Promise<void> {
    const resolved = this.begin('writeFile', path, { followFinal: true });
    this.requireParentDirectory(resolved, path);
    const existing = this.entries.get(resolved);
    if (existing !== undefined && existing.kind !== 'file') throw new FileStoreError('other', `${path} is not a file`);
    // Copied so a caller mutating its buffer later cannot change what was "written".
    this.entries.set(resolved, { kind: 'file', bytes: bytes.slice(), version: ++this.versions });
  }

  async renameNoOverwrite(from: string, to: string): Promise<void> {
    const source = this.begin('renameNoOverwrite', from, { followFinal: false });
    const target = this.begin('renameNoOverwrite', to, { followFinal: false });
    const entry = this.entries.get(source);
    if (entry === undefined) throw new FileStoreError('not-found', `No file at ${from}`);
    if (this.entries.has(target)) throw new FileStoreError('exists', `${to} already exists`);
    this.requireParentDirectory(target, to);
    if (entry.kind === 'directory') {
      for (const [path, child] of [...this.entries]) {
        if (path.startsWith(`${source}/`)) {
          this.entries.delete(path);
          this.entries.set(`${target}${path.slice(source.length)}`, child);
        }
      }
    }
    this.entries.delete(source);
    this.entries.set(target, entry);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    let resolved: string;
    try {
      resolved = this.begin('stat', path, { followFinal: false });
    } catch (err) {
      if (err instanceof FileStoreError && err.code === 'not-found') return undefined;
      throw err;
    }
    const entry = this.entries.get(resolved);
    if (entry === undefined) return undefined;
    return { kind: entry.kind, size: entry.kind === 'file' ? entry.bytes.length : 0 };
  }

  async createDirectory(path: string): Promise<void> {
    const normalized = normalize(path);
    this.calls.push(`createDirectory ${normalized}`);
    this.checkInjected('createDirectory', normalized);
    let current = '/';
    for (const segment of normalized.split('/').filter((s) => s !== '')) {
      current = this.resolveParents(posix.join(current, segment), { followFinal: true });
      const entry = this.entries.get(current);
      if (entry === undefined) this.entries.set(current, { kind: 'directory' });
      else if (entry.kind !== 'directory') throw new FileStoreError('exists', `${current} exists and is not a folder`);
    }
  }

  async readDirectory(path: string): Promise<[string, FileKind][]> {
    const resolved = this.begin('readDirectory', path, { followFinal: true });
    const entry = this.entries.get(resolved);
    if (entry === undefined) throw new FileStoreError('not-found', `No folder at ${path}`);
    if (entry.kind !== 'directory') throw new FileStoreError('other', `${path} is not a folder`);
    const prefix = resolved === '/' ? '/' : `${resolved}/`;
    const children: [string, FileKind][] = [];
    for (const [childPath, child] of this.entries) {
      if (childPath !== resolved && childPath.startsWith(prefix) && !childPath.slice(prefix.length).includes('/')) {
        children.push([childPath.slice(prefix.length), child.kind]);
      }
    }
    return children.sort(([a], [b]) => a.localeCompare(b));
  }

  async delete(path: string): Promise<void> {
    let resolved: string;
    try {
      resolved = this.begin('delete', path, { followFinal: false });
    } catch (err) {
      if (err instanceof FileStoreError && err.code === 'not-found') return;
      throw err;
    }
    const entry = this.entries.get(resolved);
    if (entry === undefined) return;
    if (entry.kind === 'directory' && [...this.entries.keys()].some((p) => p.startsWith(`${resolved}/`))) {
      throw new FileStoreError('other', `${path} is a folder that is not empty`);
    }
    this.entries.delete(resolved);
  }

  private identify(path: string): FileIdentity | undefined {
    const entry = this.entries.get(this.begin('inPlace', path, { followFinal: false }));
    return entry?.kind === 'file' ? identityOf(entry) : undefined;
  }

  private replaceTail(path: string, change: TailReplacement): FileIdentity | undefined {
    const resolved = this.begin('inPlace', path, { followFinal: false });
    const entry = this.entries.get(resolved);
    if (entry?.kind !== 'file' || identityOf(entry) !== change.identity) return undefined;
    const { bytes } = entry;
    const tailLength = change.expectedTail.length;
    if (tailLength > bytes.length || change.replaceLast > tailLength) return undefined;
    const tail = bytes.subarray(bytes.length - tailLength);
    if (!tail.every((byte, index) => byte === change.expectedTail[index])) return undefined;
    const offset = bytes.length - change.replaceLast;
    const changed = new Uint8Array(offset + change.replacement.length);
    changed.set(bytes.subarray(0, offset));
    changed.set(change.replacement, offset);
    const written = { kind: 'file' as const, bytes: changed, version: ++this.versions };
    this.entries.set(resolved, written);
    return identityOf(written);
  }

  /** Records the call, applies injected failures, and resolves symlinks in the parent folders. */
  private begin(operation: FileStoreOperation, path: string, options: { followFinal: boolean }): string {
    const normalized = normalize(path);
    this.calls.push(`${operation} ${normalized}`);
    this.checkInjected(operation, normalized);
    const resolved = this.resolveParents(normalized, options);
    // A failure injected on a folder also applies when it is reached through a symlink.
    if (resolved !== normalized) this.checkInjected(operation, resolved);
    return resolved;
  }

  private checkInjected(operation: FileStoreOperation, path: string): void {
    const failure = this.failures.find(
      (f) => f.operation === operation && (path === f.under || path.startsWith(`${f.under === '/' ? '' : f.under}/`)),
    );
    if (failure) throw new FileStoreError(failure.code, `Injected ${failure.code} for ${operation} ${path}`);
  }

  private requireParentDirectory(resolved: string, shown: string): void {
    const parent = this.entries.get(posix.dirname(resolved));
    if (parent === undefined) throw new FileStoreError('not-found', `The folder of ${shown} does not exist`);
    if (parent.kind !== 'directory') throw new FileStoreError('other', `The parent of ${shown} is not a folder`);
  }

  /** The real path: symlinks among the parents are replaced by their targets (and the last one when `followFinal`). */
  private resolveParents(path: string, options: { followFinal?: boolean } = {}): string {
    let hops = 0;
    let segments = path.split('/').filter((s) => s !== '');
    let resolved = '/';
    for (let index = 0; index < segments.length; index++) {
      const candidate = posix.join(resolved, segments[index] ?? '');
      const entry = this.entries.get(candidate);
      const isLast = index === segments.length - 1;
      if (entry?.kind === 'symlink' && (!isLast || options.followFinal === true)) {
        if (++hops > MAX_SYMLINK_HOPS) throw new FileStoreError('other', `Too many symlinks in ${path}`);
        segments = [...entry.target.split('/').filter((s) => s !== ''), ...segments.slice(index + 1)];
        resolved = '/';
        index = -1;
        continue;
      }
      if (!isLast && entry !== undefined && entry.kind !== 'directory')
        throw new FileStoreError('not-found', `${candidate} is not a folder`);
      resolved = candidate;
    }
    return resolved;
  }
}

function identityOf(entry: { bytes: Uint8Array; version: number }): FileIdentity {
  return `${entry.version}:${entry.bytes.length}`;
}

function normalize(path: string): string {
  if (!path.startsWith('/')) throw new FileStoreError('other', `Not an absolute POSIX path: ${path}`);
  const normalized = posix.normalize(path);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}
