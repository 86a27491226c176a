import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/apiKeyStore';
import { formatUsd } from '../core/estimateCost';
import { parseImageRequest } from '../core/imageRequest';
import type { Settings } from '../core/settings';
import { commandIds } from './ids';
import { promptAndStoreApiKey } from './setApiKey';
import type { EngineHost } from '../vscode/engineHost';
import { captureLinkTarget, insertImageLink, type LinkTarget } from '../vscode/insertImageLink';
import type { Log } from '../vscode/log';
import { runGenerationWithProgress } from '../vscode/runGeneration';
import { recentPrompts, rememberPrompt } from '../vscode/recentPrompts';
import { readSettings } from '../vscode/settingsReader';
import { showError } from '../vscode/showError';

export interface GenerateImageDeps {
  readonly engine: EngineHost;
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
  readonly state: vscode.Memento;
}

/** The workspace folder of the active document, else the only (or first) folder. */
function targetFolder(target: LinkTarget | undefined): vscode.WorkspaceFolder | undefined {
  return (target && vscode.workspace.getWorkspaceFolder(target.document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
}

async function askForPrompt(deps: GenerateImageDeps): Promise<string | undefined> {
  const recent = recentPrompts(deps.state);
  const prompt = await vscode.window.showInputBox({
    title: 'Image Studio: Generate Image',
    prompt: 'Describe the image',
    placeHolder: recent[0] ? `e.g. ${recent[0]}` : 'a watercolor lighthouse at dusk, soft light',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Describe the image to generate.' : undefined),
  });
  if (!prompt?.trim()) return undefined;
  await rememberPrompt(deps.state, prompt);
  return prompt.trim();
}

/** Builds the request from settings, generates, saves, and inserts the link where the person asked. */
export async function generateAndLink(deps: GenerateImageDeps, prompt: string, target: LinkTarget | undefined): Promise<vscode.Uri[]> {
  const folder = targetFolder(target);
  if (!folder) throw new Error('Open a folder first: images are saved into the workspace.');
  const settings: Settings = readSettings(target?.document.uri ?? folder.uri);
  if (!(await deps.keyStore.get()) && !(await promptAndStoreApiKey(deps))) return [];
  const request = parseImageRequest({
    kind: 'generate', model: settings.model, prompt, n: settings.imageCount, size: settings.size, quality: settings.quality,
    background: settings.background, outputFormat: settings.outputFormat, moderation: settings.moderation,
    ...(settings.outputCompression !== null && settings.outputFormat !== 'png' ? { outputCompression: settings.outputCompression } : {}),
    ...(settings.streamPreviews && settings.partialImages > 0 ? { stream: true, partialImages: settings.partialImages } : {}),
  });
  const result = await runGenerationWithProgress(deps, folder, settings, request);
  const uris = result.images.map((image) => folder.uri.with({ path: image.path }));
  if (target) {
    for (const uri of uris) await insertImageLink(target, uri, prompt, settings.linkStyle);
  }
  const warnings = result.images.flatMap((i) => i.warnings);
  const cost = result.cached ? 'reused from the cache, no charge' : `${formatUsd(result.costUsd)}${result.estimated ? ' (estimated)' : ''}`;
  const first = uris[0];
  void vscode.window.showInformationMessage(`Image Studio: saved ${first ? vscode.workspace.asRelativePath(first) : 'the image'} (${cost}).${warnings.length ? ` ${warnings.join(' ')}` : ''}`, 'Open Image').then((choice) => {
    if (choice === 'Open Image' && first) void vscode.commands.executeCommand('vscode.open', first);
  });
  return uris;
}

export function registerGenerateImage(deps: GenerateImageDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.generateImage, async (): Promise<void> => {
    const target = captureLinkTarget(false);
    const prompt = await askForPrompt(deps);
    if (!prompt) return;
    for (;;) {
      try {
        await generateAndLink(deps, prompt, target);
        return;
      } catch (err) {
        if ((await showError(err, deps)) !== 'retry') return;
      }
    }
  });
}
