/**
 * Regenerating the images a manifest lists but the workspace lacks (after a clone, since the output folder is
 * git-ignored): each with its recorded prompt, model and options, back at its recorded path, never over a file,
 * and only into the output folder or a folder regeneration creates (see regenerationFolder.ts).
 */
import { posix } from 'node:path';
import { INPUT_FIDELITIES } from '../../facts/imageOptions';
import { ImageStudioError } from '../errors';
import { estimateCost } from '../spend/estimateCost';
import { runImageJob, type ImageJobDeps, type ImageJob, type ImageJobResult, type RunOptions } from './runImageJob';
import { parseImageRequest } from '../request/imageRequest';
import { loadJobRequest, type JobRequest } from './jobRequest';
import { scanMissingImages, type ManifestEntry, type ManifestLocation } from '../files/manifest';
import { resolveWorkspacePath } from '../files/outputFolder';
import { classifyRegenerationFolder, regenerationFolderProblem, type RegenerationFolder } from './regenerationFolder';
import { isSavableFileName } from '../files/saveImage';

/** One missing image, the request that remakes it and the folder it goes back into. */
export interface RegenerationItem {
  readonly entry: ManifestEntry;
  readonly request: JobRequest;
  readonly estimateUsd: number;
  readonly folder: RegenerationFolder;
}

export interface RegenerationPlan {
  readonly items: readonly RegenerationItem[];
  /**
   * Missing images that are not remade, each with why: a folder Image Studio may not write to, a bad recorded
   * option, an edit's input gone, a path through a symlink.
   */
  readonly unusable: readonly { readonly entry: ManifestEntry; readonly reason: string }[];
  /** The folders the items write to, each once, in plan order. */
  readonly folders: readonly RegenerationFolder[];
  readonly estimateUsd: number;
}

export interface PlanRegenerationOptions extends ManifestLocation {
  /** The current output folder setting: the one existing folder regeneration writes into. */
  readonly outputFolder: string;
}

/**
 * Finds the manifest's missing images and checks each can be remade (its folder allowed, edit inputs read, options
 * valid), with its estimated cost.
 */
export async function planRegeneration(options: PlanRegenerationOptions): Promise<RegenerationPlan> {
  const location = { store: options.store, workspaceRoot: options.workspaceRoot };
  const items: RegenerationItem[] = [];
  const scan = await scanMissingImages(location);
  // Not "no images are missing": an unreadable manifest lists nothing, and saying so names the file to fix.
  if (scan.corrupt !== undefined) throw new ImageStudioError({ kind: 'manifest-unreadable', detail: scan.corrupt });
  const unusable: { entry: ManifestEntry; reason: string }[] = [...scan.refused];
  // One decision per folder, so every item of a new folder shares its claim.
  const folders = new Map<string, RegenerationFolder | string>();
  for (const entry of scan.missing) {
    try {
      const folderName = posix.dirname(entry.file);
      let folder = folders.get(folderName);
      if (folder === undefined) {
        folder = await classifyRegenerationFolder(location, folderName, options.outputFolder);
        folders.set(folderName, folder);
      }
      if (typeof folder === 'string') throw new ImageStudioError({ kind: 'regeneration-refused', detail: folder });
      const request = requestFor(entry);
      const loaded = await loadJobRequest(location, request);
      if (!isSavableFileName(posix.basename(entry.file), loaded.request.outputFormat)) {
        throw new ImageStudioError({
          kind: 'not-generated-file-name',
          fileName: posix.basename(entry.file),
          format: loaded.request.outputFormat,
          check: 'regeneration-plan',
        });
      }
      items.push({ entry, request, estimateUsd: estimateCost(loaded.request).usd, folder });
    } catch (err) {
      unusable.push({ entry, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  const used = [...new Set(items.map((item) => item.folder))];
  return { items, unusable, folders: used, estimateUsd: items.reduce((sum, item) => sum + item.estimateUsd, 0) };
}

export type RegenerationOutcome =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'regenerated'; readonly result: ImageJobResult };

/**
 * Remakes one planned image at its recorded path; skipped (nothing sent) when a file is there by now or its folder may
 * no longer be written.
 */
export async function regenerateImage(
  deps: ImageJobDeps,
  job: Omit<ImageJob, 'request' | 'regenerate' | 'useCache'>,
  item: RegenerationItem,
  options: RunOptions = {},
): Promise<RegenerationOutcome> {
  const path = await resolveWorkspacePath({
    store: deps.store,
    workspaceRoot: job.workspaceRoot,
    relativePath: item.entry.file,
    expect: 'file',
  });
  if ((await deps.store.stat(path)) !== undefined)
    return { kind: 'skipped', reason: `${item.entry.file} exists again, so it was left as it is.` };
  const problem = await regenerationFolderProblem(
    { store: deps.store, workspaceRoot: job.workspaceRoot },
    item.folder,
    job.outputFolder,
  );
  if (problem !== undefined) return { kind: 'skipped', reason: `${item.entry.file} was not regenerated: ${problem}.` };
  const result = await runImageJob(
    deps,
    {
      ...job,
      request: item.request,
      useCache: false,
      regenerate: { entryId: item.entry.id, file: item.entry.file, folder: item.folder },
    },
    options,
  );
  return { kind: 'regenerated', result };
}

/** The recorded request: one image, the options the API resolved (so `auto` becomes what was actually made). */
function requestFor(entry: ManifestEntry): JobRequest {
  const { moderation, inputFidelity, ...shared } = entry.options;
  // The manifest is repository input: its free-text options are checked (and typed) the way any request is.
  const checked = parseImageRequest({
    kind: 'generate',
    model: entry.model,
    prompt: entry.prompt,
    n: 1,
    ...shared,
    ...(entry.kind === 'generate' && moderation !== undefined ? { moderation } : {}),
  });
  if (entry.kind === 'generate') return checked;
  if (!entry.inputFiles || entry.inputFiles.length === 0) {
    throw new ImageStudioError({ kind: 'edit-inputs-not-recorded' });
  }
  const { model, prompt, n, size, quality, background, outputFormat, outputCompression } = checked;
  return {
    kind: 'edit',
    model,
    prompt,
    n,
    size,
    quality,
    background,
    outputFormat,
    ...(outputCompression !== undefined ? { outputCompression } : {}),
    ...(inputFidelity !== undefined ? { inputFidelity: recordedFidelity(inputFidelity) } : {}),
    sources: { images: entry.inputFiles, ...(entry.maskFile !== undefined ? { mask: entry.maskFile } : {}) },
  };
}

function recordedFidelity(value: string): (typeof INPUT_FIDELITIES)[number] {
  const fidelity = INPUT_FIDELITIES.find((known) => known === value);
  if (fidelity !== undefined) return fidelity;
  throw new ImageStudioError({ kind: 'option-refused', option: 'inputFidelity', value, allowed: INPUT_FIDELITIES });
}
