/** Replacing a small file of our own (manifest, ledger) without a moment where a crash leaves it half written. */
import { randomHex } from './randomHex';
import { type FileStore, FileStoreError } from './fileStore';

export interface ReplaceFileOptions {
  store: FileStore;
  /** Absolute POSIX path of the file to create or replace. */
  path: string;
  bytes: Uint8Array;
}

/**
 * Writes a temporary file, moves the old file aside, renames the temporary file into place, then deletes the
 * old one. FileStore's rename never overwrites, so the old file must move first; if the last rename fails the
 * old file is put back.
 */
export async function replaceFile(options: ReplaceFileOptions): Promise<void> {
  const { store, path, bytes } = options;
  const suffix = randomHex(4);
  const temporary = `${path}.${suffix}.tmp`;
  const previous = `${path}.${suffix}.old`;
  let movedAside = false;
  try {
    await store.writeFile(temporary, bytes);
    try {
      await store.renameNoOverwrite(path, previous);
      movedAside = true;
    } catch (err) {
      if (!(err instanceof FileStoreError && err.code === 'not-found')) throw err;
    }
    try {
      await store.renameNoOverwrite(temporary, path);
    } catch (err) {
      if (movedAside)
        await store.renameNoOverwrite(previous, path).then(
          () => (movedAside = false),
          () => undefined,
        );
      throw err;
    }
    if (movedAside) await store.delete(previous);
  } finally {
    await store.delete(temporary).catch(() => undefined);
  }
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs read-modify-write tasks on one key one after another, so two saves in this process cannot lose each other's
 * update.
 */
export async function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const before = queues.get(key) ?? Promise.resolve();
  const run = before.then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    // Forget the key once nothing is queued behind this task, so the map does not grow.
    if (queues.get(key) === settled) queues.delete(key);
  }
}
