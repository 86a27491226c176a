/**
 * The workspace's `.imagestudio` folder: the tracked manifest beside Image Studio's local files (locks, temporary
 * and set-aside files, batch records), which a `.gitignore` of its own keeps out of git.
 */
import { type FileStore } from './fileStore';
import { ensureGitIgnore, resolveWorkspacePath } from './outputFolder';

export const IMAGE_STUDIO_FOLDER = '.imagestudio';

/**
 * What `.imagestudio/.gitignore` holds when Image Studio creates it: everything it writes there except the manifest.
 */
export const IMAGE_STUDIO_GITIGNORE = [
  '# Written by Image Studio: its local files stay out of git; manifest.json (and this file) are tracked.',
  '*.lock',
  '*.tmp',
  '*.stale',
  '*.old',
  'manifest.corrupt-*.json',
  'batches/',
  '',
].join('\n');

export interface ImageStudioFolderLocation {
  readonly store: FileStore;
  /** Absolute POSIX path of the workspace folder. */
  readonly workspaceRoot: string;
}

/**
 * Creates `.imagestudio` when absent (never through a symlink) with its `.gitignore` when it has none (F7); returns its
 * path.
 */
export async function ensureImageStudioFolder(location: ImageStudioFolderLocation): Promise<string> {
  const resolve = () => resolveWorkspacePath({ ...location, relativePath: IMAGE_STUDIO_FOLDER, expect: 'directory' });
  const folder = await resolve();
  if ((await location.store.stat(folder)) === undefined) {
    await location.store.createDirectory(folder);
    // Another process could have put a symlink in place between the check and the creation.
    await resolve();
  }
  await ensureGitIgnore(location.store, folder, IMAGE_STUDIO_GITIGNORE);
  return folder;
}
