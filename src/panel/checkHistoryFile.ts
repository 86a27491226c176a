import { ImageStudioError } from '../core/errors';
import type { FileStore } from '../core/files/fileStore';
import { resolveWorkspacePath } from '../core/files/outputFolder';
import type { Availability } from './historyPages';

export interface CheckHistoryFileOptions {
  readonly store: FileStore;
  /** Absolute POSIX path of the workspace folder whose manifest holds the entry. */
  readonly workspaceRoot: string;
  /** The entry's `file`: from a tracked, possibly hostile manifest. */
  readonly file: string;
}

/**
 * Checks a manifest path the way the engine checks where it writes: inside the workspace, no segment a
 * symbolic link, a file if it exists. A path that fails is unavailable, with a reason the panel shows as text.
 */
export async function checkHistoryFile(options: CheckHistoryFileOptions): Promise<Availability> {
  let path: string;
  try {
    const { store, workspaceRoot, file } = options;
    path = await resolveWorkspacePath({ store, workspaceRoot, relativePath: file, expect: 'file' });
  } catch (err) {
    return { kind: 'unavailable', reason: reasonFor(err) };
  }
  const stat = await options.store.stat(path);
  if (stat === undefined) return { kind: 'missing', path };
  // resolveWorkspacePath refuses links and folders; this holds should the file change kind between the two looks.
  return stat.kind === 'file' ? { kind: 'available', path } : { kind: 'unavailable', reason: 'it is not a file' };
}

/** A short reason for the panel; the engine's words name absolute paths and settings that do not apply here. */
function reasonFor(err: unknown): string {
  if (!(err instanceof ImageStudioError)) return 'its path could not be checked';
  switch (err.reason.kind) {
    case 'symbolic-link':
      return 'its path goes through a symbolic link, which could point outside the workspace';
    case 'path-outside-workspace':
    case 'output-folder-not-allowed':
      return 'its path is not inside the workspace';
    case 'wrong-file-type':
      return 'its path is not a file';
    default:
      return 'its path could not be checked';
  }
}
