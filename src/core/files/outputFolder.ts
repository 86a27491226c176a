/**
 * The output folder: validated, contained in the workspace, free of symlinks, created and git-ignored (rules F2, F3,
 * F7).
 */
import { posix } from 'node:path';
import { ImageStudioError } from '../errors';
import { isSafeRelativeFolder } from './fileName';
import { type FileStore, FileStoreError } from './fileStore';
import { randomHex } from './randomHex';

// Folders whose contents belong to git or to Image Studio's tracked manifest.
const RESERVED_FOLDERS = new Set(['.git', '.imagestudio']);

export interface ResolveOutputFolderOptions {
  store: FileStore;
  /** Absolute POSIX path of the workspace folder. */
  workspaceRoot: string;
  /** The output folder option, which a repository can set: untrusted. */
  outputFolder: string;
}

/** Checks the output-folder setting without creating anything: its absolute path, and whether it exists yet. */
export async function checkOutputFolder(
  options: ResolveOutputFolderOptions,
): Promise<{ path: string; exists: boolean }> {
  const relative = isSafeRelativeFolder(options.outputFolder);
  if (relative === '.') {
    // A `*` .gitignore at the root would hide the whole workspace from git (F7).
    throw new ImageStudioError({ kind: 'output-folder-is-workspace' });
  }
  const reserved = relative.split('/').find((segment) => RESERVED_FOLDERS.has(segment.toLowerCase()));
  if (reserved !== undefined) {
    // Its `*` .gitignore would hide the manifest from git, or images would land among git's own files.
    throw new ImageStudioError({ kind: 'output-folder-reserved', reserved });
  }
  const path = await resolveWorkspacePath({
    store: options.store,
    workspaceRoot: options.workspaceRoot,
    relativePath: relative,
    expect: 'directory',
  });
  return { path, exists: (await options.store.stat(path)) !== undefined };
}

/**
 * Checks the output-folder setting, creates the folder with a `*` .gitignore when needed, and returns its absolute
 * path.
 */
export async function resolveOutputFolder(options: ResolveOutputFolderOptions): Promise<string> {
  const { store } = options;
  const { path: folder, exists } = await checkOutputFolder(options);
  const relative = isSafeRelativeFolder(options.outputFolder);
  if (!exists) {
    await store.createDirectory(folder);
    // Another process could have put a symlink in place between the check and the creation.
    await resolveWorkspacePath({
      store,
      workspaceRoot: options.workspaceRoot,
      relativePath: relative,
      expect: 'directory',
    });
  }
  await ensureGitIgnore(store, folder);
  return folder;
}

export interface ResolveWorkspacePathOptions {
  store: FileStore;
  workspaceRoot: string;
  /** A workspace-relative POSIX path, from a setting or a tracked file: untrusted. */
  relativePath: string;
  /** What the final segment must be when it exists. */
  expect: 'directory' | 'file';
}

/**
 * Joins a relative path onto the workspace root, refusing escapes and any existing segment that is a symlink or of the
 * wrong kind.
 */
export async function resolveWorkspacePath(options: ResolveWorkspacePathOptions): Promise<string> {
  const root = normalizedRoot(options.workspaceRoot);
  const relative = isSafeRelativeFolder(options.relativePath);
  const target = posix.join(root, relative);
  const rootPrefix = root === '/' ? '/' : `${root}/`;
  if (!target.startsWith(rootPrefix) || target === root) {
    throw new ImageStudioError({ kind: 'path-outside-workspace', path: options.relativePath });
  }
  const segments = target.slice(rootPrefix.length).split('/');
  let current = root;
  for (let index = 0; index < segments.length; index++) {
    current = posix.join(current, segments[index] ?? '');
    const stat = await options.store.stat(current);
    // Nothing further down can exist once a segment is missing.
    if (stat === undefined) break;
    if (stat.kind === 'symlink') {
      // A committed symlink could point anywhere on disk (F3).
      throw new ImageStudioError({ kind: 'symbolic-link', path: current });
    }
    const wanted = index === segments.length - 1 ? options.expect : 'directory';
    if (stat.kind !== wanted) {
      throw new ImageStudioError({
        kind: 'wrong-file-type',
        path: current,
        expected: wanted === 'directory' ? 'folder' : 'file',
      });
    }
  }
  return target;
}

/**
 * Makes `folder` git-ignored with a `*` .gitignore of its own (or `content`), unless it already has any .gitignore
 * (F7).
 */
export async function ensureGitIgnore(store: FileStore, folder: string, content = '*\n'): Promise<void> {
  const gitIgnore = posix.join(folder, '.gitignore');
  // Any existing entry, even a symlink or a user's own rules, is left exactly as it is (F7).
  if ((await store.stat(gitIgnore)) !== undefined) return;
  const temporary = `${gitIgnore}.${randomHex(4)}.tmp`;
  try {
    await store.writeFile(temporary, new TextEncoder().encode(content));
    // No-overwrite rename: a .gitignore that appeared since the check wins.
    await store.renameNoOverwrite(temporary, gitIgnore).catch((err: unknown) => {
      if (!(err instanceof FileStoreError && err.code === 'exists')) throw err;
    });
  } finally {
    await store.delete(temporary).catch(() => undefined);
  }
}

function normalizedRoot(workspaceRoot: string): string {
  if (!workspaceRoot.startsWith('/'))
    throw new ImageStudioError({ kind: 'workspace-path-invalid', path: workspaceRoot });
  const normalized = posix.normalize(workspaceRoot);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}
