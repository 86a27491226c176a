/**
 * A lock file beside a small shared file (the manifest, the usage ledger), so that two processes (two
 * VS Code windows on one workspace, the CLI beside the extension) cannot lose each other's update in a
 * read-modify-write. `serialized` orders the writers inside one process; this orders the processes.
 */
import { randomBytes } from 'node:crypto';
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
const lockContentSchema = z.object({ token: z.string(), at: z.number() });

/** Runs `task` while holding `<path>.lock`; always releases it, and only if it is still ours. */
export async function withFileLock<T>(options: FileLockOptions, task: () => Promise<T>): Promise<T> {
  const token = randomBytes(8).toString('hex');
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
    // The lock appears whole (it is renamed into place), so an unreadable one was left by a crash: stale.
    const stale = holder !== 'gone' && (holder === undefined || now() - holder.at > (options.staleMs ?? DEFAULT_STALE_MS));
    if (stale && (await breakLock(options.store, lock, token, holder))) continue;
    if (now() >= deadline) {
      throw new Error(`${options.path} is locked by another Image Studio window or the CLI (${lock}). Try again; if nothing else is running, delete ${lock}.`);
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

type LockContent = z.output<typeof lockContentSchema>;

/** The holder's token and time; 'gone' when released meanwhile; undefined when unreadable. */
async function readLock(store: FileStore, lock: string): Promise<LockContent | 'gone' | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await store.readFile(lock);
  } catch (err) {
    if (err instanceof FileStoreError && err.code === 'not-found') return 'gone';
    throw err;
  }
  try {
    const parsed = lockContentSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Moves a stale lock aside (only one breaker can win the rename) and deletes it. Re-reads first, so a
 * lock another process just re-took is not broken by mistake.
 */
async function breakLock(store: FileStore, lock: string, token: string, seen: LockContent | undefined): Promise<boolean> {
  const current = await readLock(store, lock);
  if (current === 'gone') return true;
  if (seen !== undefined && current?.token !== seen.token) return false;
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
  if (holder !== undefined && holder !== 'gone' && holder.token === token) await options.store.delete(lock);
}
