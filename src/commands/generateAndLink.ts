import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/apiKeyStore';
import { formatUsd } from '../core/estimateCost';
import { parseImageRequest } from '../core/imageRequest';
import type { Settings } from '../core/settings';
import { promptAndStoreApiKey } from './setApiKey';
import type { EngineHost } from '../vscode/engineHost';
import { insertImageLinks, type LinkTarget } from '../vscode/insertImageLink';
import type { Log } from '../vscode/log';
import { runGenerationWithProgress } from '../vscode/runGeneration';
import { readSettings } from '../vscode/settingsReader';
import { showError } from '../vscode/showError';

/** What every generate-and-link command needs (Generate Image, from Selection, from a comment's CodeLens). */
export interface GenerateAndLinkDeps {
  readonly engine: EngineHost;
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
}

export interface GenerateAndLinkOptions {
  /** Always a new request and a new file, even when the cache holds an identical one (Regenerate). */
  readonly skipCache?: boolean;
}

/** The workspace folder of the active document, else the only (or first) folder. */
function targetFolder(target: LinkTarget | undefined): vscode.WorkspaceFolder | undefined {
  return (target && vscode.workspace.getWorkspaceFolder(target.document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
}

/** Builds the request from settings, generates, saves, and inserts the link where the person asked. */
export async function generateAndLink(deps: GenerateAndLinkDeps, prompt: string, target: LinkTarget | undefined, options: GenerateAndLinkOptions = {}): Promise<vscode.Uri[]> {
  const folder = targetFolder(target);
  if (!folder) throw new Error('Open a folder first: images are saved into the workspace.');
  const read: Settings = readSettings(target?.document.uri ?? folder.uri);
  const settings: Settings = options.skipCache ? { ...read, cache: false } : read;
  if (!(await deps.keyStore.get()) && !(await promptAndStoreApiKey(deps))) return [];
  const request = parseImageRequest({
    kind: 'generate', model: settings.model, prompt, n: settings.imageCount, size: settings.size, quality: settings.quality,
    background: settings.background, outputFormat: settings.outputFormat, moderation: settings.moderation,
    ...(settings.outputCompression !== null && settings.outputFormat !== 'png' ? { outputCompression: settings.outputCompression } : {}),
    ...(settings.streamPreviews && settings.partialImages > 0 ? { stream: true, partialImages: settings.partialImages } : {}),
  });
  const result = await runGenerationWithProgress(deps, folder, settings, request);
  const uris = result.images.map((image) => folder.uri.with({ path: image.path }));
  if (target) await insertImageLinks(target, uris, prompt, settings.linkStyle);
  const warnings = result.images.flatMap((i) => i.warnings);
  const cost = result.cached ? 'reused from the cache, no charge' : `${formatUsd(result.costUsd)}${result.estimated ? ' (estimated)' : ''}`;
  const first = uris[0];
  void vscode.window.showInformationMessage(`Image Studio: saved ${first ? vscode.workspace.asRelativePath(first) : 'the image'} (${cost}).${warnings.length ? ` ${warnings.join(' ')}` : ''}`, 'Open Image').then((choice) => {
    if (choice === 'Open Image' && first) void vscode.commands.executeCommand('vscode.open', first);
  });
  return uris;
}

/** generateAndLink at a command's edge: errors are shown with their fixes, and Retry runs it again. */
export async function generateAndLinkWithRetry(deps: GenerateAndLinkDeps, prompt: string, target: LinkTarget | undefined, options: GenerateAndLinkOptions = {}): Promise<void> {
  for (;;) {
    try {
      await generateAndLink(deps, prompt, target, options);
      return;
    } catch (err) {
      if ((await showError(err, deps)) !== 'retry') return;
    }
  }
}
