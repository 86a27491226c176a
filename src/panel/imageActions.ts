import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { removeManifestEntry } from '../core/files/manifest';
import type { ImageAction, ResultFor } from '../protocol/messages';
import { insertImageLinks } from '../vscode/insertImageLink';
import { readSettings } from '../vscode/settingsReader';
import { WorkspaceFileStore } from '../vscode/workspaceFileStore';
import { requireTrustedWorkspace } from '../vscode/workspaceTrust';
import type { GalleryIndex, IndexedImage } from './galleryIndex';
import type { LastTextEditor } from './lastTextEditor';

export interface ImageActionDeps {
  readonly gallery: GalleryIndex;
  readonly lastEditor: LastTextEditor;
}

type Done = ResultFor<'imageAction'>;
const done = (message: string): Done => ({ kind: 'done', message });

/** Carries out one action on a history image, found by id; the panel never names a path. */
export async function runImageAction(deps: ImageActionDeps, action: ImageAction, id: string): Promise<Done> {
  // Writing actions refuse in Restricted Mode before anything is looked up, like the commands.
  if (action === 'insertLink') {
    requireTrustedWorkspace(
      'Inserting image links',
      "it edits your document with a path this workspace's manifest chose",
    );
  }
  if (action === 'delete') {
    requireTrustedWorkspace(
      'Deleting images',
      "it removes a file this workspace's manifest names and rewrites the manifest",
    );
  }
  // Checked now, not when the page was built: the file or a folder on its path may have changed since.
  const image = await deps.gallery.resolve(id);
  if (!image) throw new ImageStudioError({ kind: 'image-not-in-history' });
  const relative = vscode.workspace.asRelativePath(image.uri, false);
  const needFile = (): void => {
    if (image.availability.kind === 'missing') {
      throw new ImageStudioError({ kind: 'image-missing', file: relative });
    }
    needAvailable(image, relative);
  };
  switch (action) {
    case 'insertLink': {
      needFile();
      const editor = deps.lastEditor.get();
      if (!editor) throw new ImageStudioError({ kind: 'no-text-editor' });
      const result = await insertImageLinks(
        { document: editor.document, placement: { kind: 'cursor', position: editor.selection.active } },
        [image.uri],
        image.entry.prompt,
        readSettings(editor.document.uri).linkStyle,
      );
      return done(
        result === 'inserted'
          ? `Link inserted in ${vscode.workspace.asRelativePath(editor.document.uri)}.`
          : 'The link was not inserted.',
      );
    }
    case 'open':
      needFile();
      await vscode.commands.executeCommand('vscode.open', image.uri);
      return done(`Opened ${relative}.`);
    case 'reveal':
      needFile();
      await vscode.commands.executeCommand('revealInExplorer', image.uri);
      return done(`Revealed ${relative}.`);
    case 'copyPath':
      await vscode.env.clipboard.writeText(relative);
      return done(`Copied ${relative}.`);
    case 'copyPrompt':
      await vscode.env.clipboard.writeText(image.entry.prompt);
      return done('Prompt copied.');
    case 'delete':
      needAvailable(image, relative);
      return deleteImage(image, relative);
  }
}

/** Refuses an image whose manifest path failed the workspace check: it is listed, never acted on. */
export function needAvailable(image: IndexedImage, relative: string): void {
  if (image.availability.kind === 'unavailable') {
    throw new ImageStudioError({ kind: 'image-unavailable', file: relative, detail: image.availability.reason });
  }
}

async function deleteImage(image: IndexedImage, relative: string): Promise<Done> {
  const choice = await vscode.window.showWarningMessage(
    `Move ${relative} to the trash and remove it from the image history?`,
    { modal: true, detail: 'You can restore the file from the trash; its manifest entry is removed.' },
    'Move to Trash',
  );
  if (choice !== 'Move to Trash') return done('Kept.');
  const outcome = image.availability.kind === 'available' ? await moveToTrash(image.uri, relative) : 'deleted';
  if (outcome === 'kept') return done('Kept.');
  await removeManifestEntry({
    store: new WorkspaceFileStore(image.folder.uri),
    workspaceRoot: image.folder.uri.path,
    id: image.entry.id,
    now: new Date(),
  });
  return done(outcome === 'trashed' ? `Moved ${relative} to the trash.` : `Deleted ${relative}.`);
}

/**
 * Moves a file to the trash. Some file systems have none (a remote or virtual one, code-server's): then the
 * person is asked again, plainly, before a permanent delete.
 */
async function moveToTrash(uri: vscode.Uri, relative: string): Promise<'trashed' | 'deleted' | 'kept'> {
  try {
    await vscode.workspace.fs.delete(uri, { useTrash: true });
    return 'trashed';
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (!/trash/i.test(reason)) throw new ImageStudioError({ kind: 'trash-failed', file: relative, detail: reason });
  }
  const choice = await vscode.window.showWarningMessage(
    `This file system has no trash. Delete ${relative} permanently?`,
    { modal: true, detail: 'It cannot be restored afterwards.' },
    'Delete Permanently',
  );
  if (choice !== 'Delete Permanently') return 'kept';
  await vscode.workspace.fs.delete(uri, { useTrash: false });
  return 'deleted';
}
