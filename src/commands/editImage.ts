import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/secrets/apiKeyStore';
import type { EditOfFiles } from '../core/engine/jobRequest';
import { requestOptionsFromSettings } from '../core/request/requestOptions';
import { commandIds } from './ids';
import { promptAndStoreApiKey } from './setApiKey';
import type { EngineHost } from '../vscode/engineHost';
import type { Log } from '../vscode/log';
import { costText, runGenerationWithProgress } from '../vscode/runGeneration';
import { runWithRetry } from '../vscode/runWithRetry';
import { showError } from '../vscode/showError';
import { readSettings } from '../vscode/settingsReader';
import { workspaceRelative } from '../vscode/workspaceRelative';

export interface EditImageDeps {
  readonly engine: EngineHost;
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
}

const title = 'Image Studio: Edit Image';
export const noMaskLabel = 'No mask — edit the whole image';
export const chooseMaskLabel = 'Choose a mask PNG…';

async function pickFile(
  folder: vscode.Uri | undefined,
  openLabel: string,
  filters: Record<string, string[]>,
): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    openLabel,
    canSelectMany: false,
    canSelectFiles: true,
    canSelectFolders: false,
    filters,
    ...(folder ? { defaultUri: folder } : {}),
  });
  return picked?.[0];
}

async function askForPrompt(image: string): Promise<string | undefined> {
  const prompt = await vscode.window.showInputBox({
    title,
    prompt: `How should ${image} change?`,
    placeHolder: 'make the sky a stormy sunset',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Describe the change to make.' : undefined),
  });
  return prompt?.trim() || undefined;
}

/** Undefined when the person dismissed the choice; `null` for "no mask". */
async function askForMask(folder: vscode.WorkspaceFolder): Promise<vscode.Uri | null | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: noMaskLabel, detail: 'The model may change any part of the image.' },
      {
        label: chooseMaskLabel,
        detail: 'A PNG the size of the image; its fully transparent pixels mark what to change.',
      },
    ],
    { title, placeHolder: 'Limit the edit with a mask?', ignoreFocusOut: true },
  );
  if (!choice) return undefined;
  if (choice.label === noMaskLabel) return null;
  return pickFile(folder.uri, 'Use as Mask', { 'PNG mask': ['png'] });
}

/** The file's place in its workspace folder; edits read their inputs from there and record them in its manifest. */
function inWorkspace(
  uri: vscode.Uri,
  what: string,
  folder?: vscode.WorkspaceFolder,
): { folder: vscode.WorkspaceFolder; relative: string } {
  const place = workspaceRelative(uri);
  if (!place || (folder && place.folder !== folder)) {
    throw new Error(
      `The ${what} must be inside ` +
        `${folder ? `the workspace folder "${folder.name}"` : 'an open workspace folder'}: the edit is saved ` +
        `there and recorded in its manifest. Copy it into the folder first.`,
    );
  }
  return place;
}

/**
 * Edits `image` as the person describes, saving the result as a new file in the output folder (never over the
 * original).
 */
async function editImage(
  deps: EditImageDeps,
  image: vscode.Uri,
  prompt: string,
  mask: vscode.Uri | null,
): Promise<void> {
  const { folder, relative } = inWorkspace(image, 'image');
  const maskPath = mask ? inWorkspace(mask, 'mask', folder).relative : undefined;
  if (!(await deps.keyStore.get()) && !(await promptAndStoreApiKey(deps))) return;
  const settings = readSettings(image);
  const request: EditOfFiles = {
    kind: 'edit',
    prompt,
    ...requestOptionsFromSettings(settings),
    sources: { images: [relative], ...(maskPath !== undefined ? { mask: maskPath } : {}) },
  };
  const result = await runGenerationWithProgress(deps, folder, settings, request);
  const uris = result.images.map((saved) => folder.uri.with({ path: saved.path }));
  const first = uris[0];
  if (first) await vscode.commands.executeCommand('vscode.open', first, { preview: false });
  const warnings = result.images.flatMap((i) => i.warnings);
  void vscode.window.showInformationMessage(
    `Image Studio: saved the edit as ${first ? vscode.workspace.asRelativePath(first) : 'a new image'} ` +
      `(${costText(result)}); ${relative} is unchanged.${warnings.length ? ` ${warnings.join(' ')}` : ''}`,
  );
}

/** Asks what to change and whether to use a mask; undefined when the person backs out. */
async function askForEdit(image: vscode.Uri): Promise<{ prompt: string; mask: vscode.Uri | null } | undefined> {
  const { folder, relative } = inWorkspace(image, 'image');
  const prompt = await askForPrompt(relative);
  if (!prompt) return undefined;
  const mask = await askForMask(folder);
  return mask === undefined ? undefined : { prompt, mask };
}

export function registerEditImage(deps: EditImageDeps): vscode.Disposable {
  // The explorer and editor-title menus pass the image's URI; from the palette the person picks one.
  return vscode.commands.registerCommand(commandIds.editImage, async (uri?: unknown): Promise<void> => {
    let answers: { image: vscode.Uri; prompt: string; mask: vscode.Uri | null } | undefined;
    try {
      const image =
        uri instanceof vscode.Uri
          ? uri
          : await pickFile(vscode.workspace.workspaceFolders?.[0]?.uri, 'Edit Image', {
              Images: ['png', 'jpg', 'jpeg', 'webp'],
            });
      const edit = image ? await askForEdit(image) : undefined;
      answers = image && edit ? { image, ...edit } : undefined;
    } catch (err) {
      await showError(err, deps);
      return;
    }
    if (!answers) return;
    const { image, prompt, mask } = answers;
    // Only the paid part is retried: the answers stand.
    await runWithRetry(deps, () => editImage(deps, image, prompt, mask));
  });
}
