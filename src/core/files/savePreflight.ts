/**
 * The check before paying (issue 11, point 1): what saving needs must be there first, so no image is bought that
 * cannot be kept. Cheap enough for every paid job: a few stats, one small write and delete per folder, and the
 * manifest lock taken and given back.
 */
import { randomHex } from './randomHex';
import { posix } from 'node:path';
import { ImageStudioError } from '../errors';
import { FileLockBusyError, withFileLock } from './fileLock';
import { type FileStore, FileStoreError } from './fileStore';
import { ensureImageStudioFolder } from './imageStudioFolder';
import { checkManifestRoom, MANIFEST_RELATIVE_PATH, type ManifestGrowth } from './manifest';
import { resolveWorkspacePath } from './outputFolder';
import { serialized } from './replaceFile';

/**
 * How long another window or the CLI may hold the manifest lock before the job is refused: writes take milliseconds.
 */
export const PREFLIGHT_LOCK_WAIT_MS = 2_000;

export interface SavePreflightOptions {
  readonly store: FileStore;
  /** Absolute POSIX path of the workspace folder. */
  readonly workspaceRoot: string;
  /** Absolute folders the images will be saved in, as resolved (and created) by `resolveOutputFolder`. */
  readonly folders: readonly string[];
  /** What the job will add to the manifest. */
  readonly growth: ManifestGrowth;
}

/**
 * Refuses with an ImageStudioError saying nothing was sent when saving would fail: a folder or `.imagestudio` that is
 * not a real folder inside the workspace or cannot be written, a manifest without room, or a manifest lock held by
 * another window or the CLI that is not given back within a short wait.
 */
export async function checkSaveReady(options: SavePreflightOptions): Promise<void> {
  const location = { store: options.store, workspaceRoot: options.workspaceRoot };
  for (const folder of options.folders) await nothingSentOnFailure(() => checkFolder(location, folder));
  const imageStudio = await nothingSentOnFailure(() => ensureImageStudioFolder(location));
  const manifest = await nothingSentOnFailure(() =>
    resolveWorkspacePath({ ...location, relativePath: MANIFEST_RELATIVE_PATH, expect: 'file' }),
  );
  for (const folder of options.folders) await probeWrite(options.store, folder, 'images');
  await probeWrite(options.store, imageStudio, 'manifest');
  await nothingSentOnFailure(() => checkManifestRoom(location, options.growth));
  // Queued behind this process's own manifest writers and checks (as the writes are), so prompts queued at once wait
  // their turn instead of taking each other for another window holding the lock.
  await nothingSentOnFailure(() =>
    serialized(manifest, () =>
      withFileLock({ store: options.store, path: manifest, waitMs: PREFLIGHT_LOCK_WAIT_MS }, () => Promise.resolve()),
    ),
  );
}

/**
 * The name of a write probe: hidden, and git-ignored both in an output folder (`*`) and in `.imagestudio` (`*.tmp`).
 */
export function writeProbeName(): string {
  return `.write-check-${randomHex(4)}.tmp`;
}

async function checkFolder(location: { store: FileStore; workspaceRoot: string }, folder: string): Promise<void> {
  // Resolved again from the workspace root: every segment is re-checked for links.
  const relative = posix.relative(location.workspaceRoot, folder);
  const path = await resolveWorkspacePath({ ...location, relativePath: relative, expect: 'directory' });
  if ((await location.store.stat(path))?.kind !== 'directory') {
    throw new ImageStudioError({ kind: 'output-folder-missing', path });
  }
}

async function probeWrite(store: FileStore, folder: string, holds: 'images' | 'manifest'): Promise<void> {
  const probe = posix.join(folder, writeProbeName());
  try {
    await store.writeFile(probe, new Uint8Array(0));
  } catch (err) {
    const reason =
      err instanceof FileStoreError && err.code === 'no-permission'
        ? 'no permission to write there'
        : err instanceof Error
          ? err.message
          : String(err);
    throw new ImageStudioError({ kind: 'folder-not-writable', folder, detail: reason, holds }, { notSent: true });
  } finally {
    await store.delete(probe).catch(() => undefined);
  }
}

/**
 * Runs a check made before paying, turning its failure into a refusal: the same message, prefixed with "Nothing was
 * sent".
 */
export async function nothingSentOnFailure<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (err instanceof ImageStudioError) {
      if (err.notSent) throw err;
      throw new ImageStudioError(err.reason, { ...err.options, notSent: true, cause: err });
    }
    if (err instanceof FileLockBusyError) {
      throw new ImageStudioError({ kind: 'file-busy', detail: err.message }, { notSent: true });
    }
    throw new ImageStudioError(
      { kind: 'save-check-failed', detail: err instanceof Error ? err.message : String(err) },
      { notSent: true },
    );
  }
}
