/**
 * A lock file beside a small shared file (the manifest, the usage ledger), so that two processes (two
 * VS Code windows on one workspace, the CLI beside the extension) cannot lose each other's update in a
 * read-modify-write. `serialized` orders the writers inside one process; this orders the processes.
 */
import { randomHex } from './randomHex';
import { posix } from 'node:path';
import * as z from 'zod';
import { type FileStore, FileStoreError } from './fileStore';

export interface FileLockOptions {
  readonly store: FileStore;
  /** The file being protected; the lock is `<path>.lock`. */
  readonly path: string;
  /** A lock older than this is from a process that died holding it, and is broken. */
  readonly staleMs?: number;
  /** How long to wait for another holder before giving up with an error that says what to do. */
  readonly waitMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_STALE_MS = 30_000;
const DEFAULT_WAIT_MS = 15_000;
// A lock holds a token and a time: far less than this; a bigger file is not one of ours.
const MAX_LOCK_BYTES = 4096;
const lockContentSchema = z.object({ token: z.string().min(1).max(100), at: z.number() });

/** Another holder kept the lock for the whole wait. */
export class FileLockBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileLockBusyError';
  }
}

/** Runs `task` while holding `<path>.lock`; always releases it, and only if it is still ours. */
export async function withFileLock<T>(options: FileLockOptions, task: () => Promise<T>): Promise<T> {
  const token = randomHex(8);
  await acquire(options, token);
  try {
    return await task();
  } finally {
    await release(options, token);
  }
}

function lockPath(path: string): string {
  return `${path}.lock`;
}

async function acquire(options: FileLockOptions, token: string): Promise<void> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const lock = lockPath(options.path);
  const deadline = now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  await options.store.createDirectory(posix.dirname(lock));
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(options.store, lock, token, now())) return;
    const holder = await readLock(options.store, lock);
    if (
      isStale(holder, now(), options.staleMs ?? DEFAULT_STALE_MS) &&
      (await breakLock(options.store, lock, token, holder))
    )
      continue;
    if (now() >= deadline) {
      throw new FileLockBusyError(
        `${options.path} is locked by another Image Studio window or the CLI (${lock}). Try again; if nothing ` +
          `else is running, delete ${lock}.`,
      );
    }
    await sleep(Math.min(200, 20 * (attempt + 1)));
  }
}

/** Writes our token to a temporary file and renames it into place, which fails if a lock is already there. */
async function tryCreate(store: FileStore, lock: string, token: string, at: number): Promise<boolean> {
  const temporary = `${lock}.${token}.tmp`;
  try {
    await store.writeFile(temporary, new TextEncoder().encode(JSON.stringify({ token, at })));
    await store.renameNoOverwrite(temporary, lock);
    return true;
  } catch (err) {
    if (err instanceof FileStoreError && err.code === 'exists') return false;
    throw err;
  } finally {
    await store.delete(temporary).catch(() => undefined);
  }
}

/**
 * What is at the lock path: nothing, a holder's token and time, or something no Image Studio wrote whole (kept to
 * compare).
 */
type LockState =
  | { readonly kind: 'gone' }
  | { readonly kind: 'held'; readonly token: string; readonly at: number }
  | { readonly kind: 'unreadable'; readonly content: string };

/**
 * A lock is stale when it cannot be read (it is renamed into place whole, so a crash or a committed file left it),
 * when its time is in the future (no live holder writes that; a committed lock would stall every write), or when
 * it is older than `staleMs` (its holder died holding it).
 */
function isStale(holder: LockState, now: number, staleMs: number): boolean {
  if (holder.kind === 'gone') return false;
  if (holder.kind === 'unreadable') return true;
  return holder.at > now || now - holder.at > staleMs;
}

async function readLock(store: FileStore, lock: string): Promise<LockState> {
  const stat = await store.stat(lock);
  if (stat === undefined) return { kind: 'gone' };
  // A folder, a symlink or a huge file at the lock path is not a lock we wrote, and is never read through.
  if (stat.kind !== 'file' || stat.size > MAX_LOCK_BYTES)
    return { kind: 'unreadable', content: `${stat.kind}:${stat.size}` };
  let bytes: Uint8Array;
  try {
    bytes = await store.readFile(lock);
  } catch (err) {
    if (err instanceof FileStoreError && err.code === 'not-found') return { kind: 'gone' };
    throw err;
  }
  const content = new TextDecoder().decode(bytes);
  try {
    const parsed = lockContentSchema.safeParse(JSON.parse(content));
    // zod's number() already refuses NaN and the infinities.
    return parsed.success
      ? { kind: 'held', token: parsed.data.token, at: parsed.data.at }
      : { kind: 'unreadable', content };
  } catch {
    return { kind: 'unreadable', content };
  }
}

function sameLock(a: LockState, b: LockState): boolean {
  if (a.kind === 'held' && b.kind === 'held') return a.token === b.token;
  if (a.kind === 'unreadable' && b.kind === 'unreadable') return a.content === b.content;
  return false;
}

/**
 * Moves a stale lock aside (only one breaker can win the rename) and deletes it. Re-reads first, so a
 * lock another process just re-took (even over an unreadable one) is not broken by mistake.
 */
async function breakLock(store: FileStore, lock: string, token: string, seen: LockState): Promise<boolean> {
  const current = await readLock(store, lock);
  if (current.kind === 'gone') return true;
  if (!sameLock(seen, current)) return false;
  if ((await store.stat(lock))?.kind === 'directory') {
    // Never a lock of ours, nor re-taken as one: an empty folder is removed, one with content (committed) left alone.
    try {
      await store.delete(lock);
      return true;
    } catch {
      throw new FileLockBusyError(
        `${lock} is a folder, not a lock Image Studio wrote, so it was left as it is. Move it away, then try again.`,
      );
    }
  }
  const aside = `${lock}.${token}.stale`;
  try {
    await store.renameNoOverwrite(lock, aside);
  } catch {
    return false;
  }
  await store.delete(aside);
  return true;
}

async function release(options: FileLockOptions, token: string): Promise<void> {
  const lock = lockPath(options.path);
  const holder = await readLock(options.store, lock).catch(() => undefined);
  // A lock that is no longer ours was broken as stale and re-taken: leave it to its new holder.
  if (holder?.kind === 'held' && holder.token === token) await options.store.delete(lock);
}
