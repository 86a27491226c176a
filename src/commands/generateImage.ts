import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/apiKeyStore';
import { parseImageRequest } from '../core/imageRequest';
import { requestOptionsFromSettings } from '../core/requestOptions';
import type { Settings } from '../core/settings';
import { commandIds } from './ids';
import { promptAndStoreApiKey } from './setApiKey';
import type { EngineHost } from '../vscode/engineHost';
import { captureLinkTarget, insertImageLink, type LinkTarget } from '../vscode/insertImageLink';
import { explainIgnoredImageOnce } from '../vscode/ignoredImageNotice';
import type { Log } from '../vscode/log';
import type { RecoveryLocation } from '../vscode/recoveredImage';
import { costText, runGenerationWithProgress } from '../vscode/runGeneration';
import { readSettings } from '../vscode/settingsReader';
import { runWithRetry } from '../vscode/runWithRetry';
import { showError } from '../vscode/showError';
import { requireTrustedWorkspace } from '../vscode/workspaceTrust';

export interface GenerateImageDeps {
  readonly engine: EngineHost;
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
  readonly state: vscode.Memento;
  readonly workspaceState: vscode.Memento;
  /** Where failed saves keep the bytes, so errors can offer Save As… */
  readonly recovery?: RecoveryLocation;
}

const recentPromptsKey = 'imageStudio.recentPrompts';

/** The workspace folder of the active document, else the only (or first) folder. */
function targetFolder(target: LinkTarget | undefined): vscode.WorkspaceFolder | undefined {
  return (target && vscode.workspace.getWorkspaceFolder(target.document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
}

async function askForPrompt(deps: GenerateImageDeps): Promise<string | undefined> {
  const recent = deps.state.get<string[]>(recentPromptsKey, []);
  const prompt = await vscode.window.showInputBox({
    title: 'Image Studio: Generate Image',
    prompt: 'Describe the image',
    placeHolder: recent[0] ? `e.g. ${recent[0]}` : 'a watercolor lighthouse at dusk, soft light',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Describe the image to generate.' : undefined),
  });
  if (!prompt?.trim()) return undefined;
  await deps.state.update(recentPromptsKey, [prompt.trim(), ...recent.filter((p) => p !== prompt.trim())].slice(0, 20));
  return prompt.trim();
}

/** Builds the request from settings, generates, saves, and inserts the link where the person asked. */
export async function generateAndLink(deps: GenerateImageDeps, prompt: string, target: LinkTarget | undefined): Promise<vscode.Uri[]> {
  const folder = targetFolder(target);
  if (!folder) throw new Error('Open a folder first: images are saved into the workspace.');
  const settings: Settings = readSettings(target?.document.uri ?? folder.uri);
  if (!(await deps.keyStore.get()) && !(await promptAndStoreApiKey(deps))) return [];
  const request = parseImageRequest({ kind: 'generate', prompt, moderation: settings.moderation, ...requestOptionsFromSettings(settings) });
  const result = await runGenerationWithProgress(deps, folder, settings, request);
  const uris = result.images.map((image) => folder.uri.with({ path: image.path }));
  if (target) {
    for (const uri of uris) await insertImageLink(target, uri, prompt, settings.linkStyle);
    if (uris.length) void explainIgnoredImageOnce(deps, target.document, folder);
  }
  const warnings = result.images.flatMap((i) => i.warnings);
  const cost = costText(result);
  const first = uris[0];
  void vscode.window.showInformationMessage(`Image Studio: saved ${first ? vscode.workspace.asRelativePath(first) : 'the image'} (${cost}).${warnings.length ? ` ${warnings.join(' ')}` : ''}`, 'Open Image').then((choice) => {
    if (choice === 'Open Image' && first) void vscode.commands.executeCommand('vscode.open', first);
  });
  return uris;
}

export function registerGenerateImage(deps: GenerateImageDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.generateImage, async (): Promise<void> => {
    try {
      requireTrustedWorkspace('Generate Image');
    } catch (err) {
      await showError(err, deps);
      return;
    }
    const target = captureLinkTarget(false);
    const prompt = await askForPrompt(deps);
    if (!prompt) return;
    await runWithRetry(deps, () => generateAndLink(deps, prompt, target));
  });
}
