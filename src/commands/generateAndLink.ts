import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/secrets/apiKeyStore';
import { parseImageRequest } from '../core/request/imageRequest';
import { requestOptionsFromSettings } from '../core/request/requestOptions';
import type { Settings } from '../core/request/settings';
import { promptAndStoreApiKey } from './setApiKey';
import type { EngineHost } from '../vscode/engineHost';
import { insertImageLinks, type LinkTarget } from '../vscode/insertImageLink';
import { explainIgnoredImageOnce } from '../vscode/ignoredImageNotice';
import type { Log } from '../vscode/log';
import type { RecoveryLocation } from '../vscode/recoveredImage';
import { costText, runGenerationWithProgress } from '../vscode/runGeneration';
import { runWithRetry } from '../vscode/runWithRetry';
import { readSettings } from '../vscode/settingsReader';
import { trackLinkTarget } from '../vscode/trackLinkTarget';
import { workspaceFolderFor } from '../vscode/workspaceFolderFor';

/** What every generate-and-link command needs (Generate Image, from Selection, from a comment's CodeLens). */
export interface GenerateAndLinkDeps {
  readonly engine: EngineHost;
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
  /** Per workspace: what has been explained once already. */
  readonly workspaceState: vscode.Memento;
  /** Where failed saves keep the bytes, so errors can offer Save As… */
  readonly recovery?: RecoveryLocation;
}

export interface GenerateAndLinkOptions {
  /** Always a new request and a new file, even when the cache holds an identical one (Regenerate). */
  readonly skipCache?: boolean;
}

/** Builds the request from settings, generates, saves, and inserts the link where the person asked. */
export async function generateAndLink(
  deps: GenerateAndLinkDeps,
  prompt: string,
  target: LinkTarget | undefined,
  options: GenerateAndLinkOptions = {},
): Promise<vscode.Uri[]> {
  const folder = workspaceFolderFor(target?.document.uri);
  const read: Settings = readSettings(target?.document.uri ?? folder.uri);
  const settings: Settings = options.skipCache ? { ...read, cache: false } : read;
  if (!(await deps.keyStore.get()) && !(await promptAndStoreApiKey(deps))) return [];
  const request = parseImageRequest({
    kind: 'generate',
    prompt,
    moderation: settings.moderation,
    ...requestOptionsFromSettings(settings),
  });
  // The person may keep typing while the image renders: the link goes where they asked, moved by their edits.
  const tracked = target ? trackLinkTarget(target) : undefined;
  let linked: Promise<unknown> | undefined;
  const link = (paths: readonly string[]): Promise<unknown> | undefined => {
    if (!tracked || !target) return undefined;
    const uris = paths.map((path) => folder.uri.with({ path }));
    return insertImageLinks(tracked.current(), uris, prompt, settings.linkStyle).then((outcome) => {
      if (outcome === 'inserted') void explainIgnoredImageOnce(deps, target.document, folder);
    });
  };
  let result;
  try {
    // Linked the moment the files are in place, while the manifest and cache are still being written.
    result = await runGenerationWithProgress(deps, folder, settings, request, (paths) => {
      linked = link(paths);
    });
    // A cache hit saves nothing new, so it is linked here.
    linked ??= link(result.images.map((image) => image.path));
    await linked;
  } catch (err) {
    // The job failed after its images were in place (the manifest, say): the link stands, the job's error is told.
    await linked?.catch(() => undefined);
    throw err;
  } finally {
    tracked?.dispose();
  }
  const uris = result.images.map((image) => folder.uri.with({ path: image.path }));
  const warnings = result.images.flatMap((i) => i.warnings);
  const cost = costText(result);
  const first = uris[0];
  void vscode.window
    .showInformationMessage(
      `Image Studio: saved ${first ? vscode.workspace.asRelativePath(first) : 'the image'} ` +
        `(${cost}).${warnings.length ? ` ${warnings.join(' ')}` : ''}`,
      'Open Image',
    )
    .then((choice) => {
      if (choice === 'Open Image' && first) void vscode.commands.executeCommand('vscode.open', first);
    });
  return uris;
}

/** generateAndLink at a command's edge: errors are shown with their fixes, and Retry runs it again. */
export function generateAndLinkWithRetry(
  deps: GenerateAndLinkDeps,
  prompt: string,
  target: LinkTarget | undefined,
  options: GenerateAndLinkOptions = {},
): Promise<void> {
  return runWithRetry(deps, () => generateAndLink(deps, prompt, target, options));
}
