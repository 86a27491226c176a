/**
 * Where Regenerate Missing may write (issue 11, point 5). A manifest entry's path comes from the repository, so its
 * image is remade only in the current output folder, or in a folder that did not exist when planned and that
 * regeneration creates and git-ignores itself: never in another existing folder, which stays without a `.gitignore`.
 */
import { posix } from 'node:path';
import { ImageStudioError } from '../errors';
import { isSafeRelativeFolder } from '../files/fileName';
import type { FileStore } from '../files/fileStore';
import { ensureGitIgnore, resolveOutputFolder, resolveWorkspacePath } from '../files/outputFolder';

/**
 * Shared by one plan's items in one new folder: set once regeneration has created the folder, so the others may follow
 * it there.
 */
export interface NewFolderClaim {
  created: boolean;
}

export type RegenerationFolder =
  /** The current output folder setting (created and git-ignored like any output folder). */
  | { readonly kind: 'output'; readonly folder: string }
  /** Absent when planned: regeneration creates it with a `*` .gitignore. */
  | { readonly kind: 'new'; readonly folder: string; readonly claim: NewFolderClaim };

export interface RegenerationFolderLocation {
  readonly store: FileStore;
  readonly workspaceRoot: string;
}

/** Decides, while planning, where the images of `folder` (workspace-relative) may go; a string is why they may not. */
export async function classifyRegenerationFolder(
  location: RegenerationFolderLocation,
  folder: string,
  outputFolder: string,
): Promise<RegenerationFolder | string> {
  if (folder === normalizedFolder(outputFolder)) return { kind: 'output', folder };
  const refused = await whyNotNew(location, folder, outputFolder, undefined);
  return refused ?? { kind: 'new', folder, claim: { created: false } };
}

/**
 * Why an image planned into `target` may no longer be written there (the setting changed, the folder appeared);
 * undefined when it may.
 */
export async function regenerationFolderProblem(
  location: RegenerationFolderLocation,
  target: RegenerationFolder,
  outputFolder: string,
): Promise<string | undefined> {
  if (target.kind === 'output') {
    return target.folder === normalizedFolder(outputFolder)
      ? undefined
      : `${target.folder} is no longer the output folder (now ${JSON.stringify(outputFolder)})`;
  }
  return whyNotNew(location, target.folder, outputFolder, target.claim);
}

/**
 * The absolute folder the regenerated image is saved in, created (and git-ignored) when it is a new one; throws when it
 * may not be used.
 */
export async function resolveRegenerationFolder(
  location: RegenerationFolderLocation,
  target: RegenerationFolder,
  outputFolder: string,
): Promise<string> {
  const problem = await regenerationFolderProblem(location, target, outputFolder);
  if (problem !== undefined) throw new ImageStudioError({ kind: 'regeneration-folder-refused', detail: problem });
  if (target.kind === 'output') return resolveOutputFolder({ ...location, outputFolder });
  const resolve = () => resolveWorkspacePath({ ...location, relativePath: target.folder, expect: 'directory' });
  const path = await resolve();
  if (!target.claim.created) {
    await location.store.createDirectory(path);
    // Claimed at once: the folder is ours from here on, even if this job fails later.
    target.claim.created = true;
    // Another process could have put a symlink in place between the check and the creation.
    await resolve();
  }
  await ensureGitIgnore(location.store, path);
  return path;
}

async function whyNotNew(
  location: RegenerationFolderLocation,
  folder: string,
  outputFolder: string,
  claim: NewFolderClaim | undefined,
): Promise<string | undefined> {
  if (folder === '.')
    return `its folder is the workspace folder itself, not the output folder ${JSON.stringify(outputFolder)}`;
  if (folder.split('/').some((segment) => segment.toLowerCase() === '.git'))
    return `Image Studio never writes inside .git (${folder})`;
  let path: string;
  try {
    path = await resolveWorkspacePath({ ...location, relativePath: folder, expect: 'directory' });
  } catch (err) {
    return err instanceof Error ? err.message.replace(/\.$/, '') : String(err);
  }
  if ((await location.store.stat(path)) === undefined)
    return claim?.created === true ? `${folder} was removed while regenerating` : undefined;
  if (claim?.created === true) return undefined;
  return (
    `${folder} already exists and is not the output folder ${JSON.stringify(outputFolder)}; Image Studio ` +
    `regenerates only into the output folder or a folder it creates. To remake these images there, set ` +
    `the output folder to ${JSON.stringify(folder)} and run it again`
  );
}

function normalizedFolder(outputFolder: string): string | undefined {
  try {
    const folder = isSafeRelativeFolder(outputFolder);
    return folder === '.' ? undefined : posix.normalize(folder);
  } catch {
    // An unusable setting matches no entry; generating says what is wrong with it.
    return undefined;
  }
}
