/**
 * Regenerating the images a manifest lists but the workspace lacks (after a clone, since the output folder is
 * git-ignored): each with its recorded prompt, model and options, back at its recorded path, never over a file.
 */
import { posix } from 'node:path';
import { ImageStudioError } from './errors';
import { estimateCost } from './estimateCost';
import { runImageJob, type ImageGeneratorDeps, type ImageJob, type ImageJobResult, type RunOptions } from './imageGenerator';
import { parseImageRequest } from './imageRequest';
import { loadJobRequest, type JobRequest } from './jobRequest';
import { findMissingImages, type ManifestEntry, type ManifestLocation } from './manifest';
import { resolveWorkspacePath } from './outputFolder';
import { isSavableFileName } from './saveImage';

/** One missing image and the request that remakes it. */
export interface RegenerationItem {
  readonly entry: ManifestEntry;
  readonly request: JobRequest;
  readonly estimateUsd: number;
}

export interface RegenerationPlan {
  readonly items: readonly RegenerationItem[];
  /** Missing images that cannot be remade (a bad recorded option, an edit's input gone), each with why. */
  readonly unusable: readonly { readonly entry: ManifestEntry; readonly reason: string }[];
  readonly estimateUsd: number;
}

/** Finds the manifest's missing images and checks each can be remade (edit inputs read, options valid), with its estimated cost. */
export async function planRegeneration(location: ManifestLocation): Promise<RegenerationPlan> {
  const items: RegenerationItem[] = [];
  const unusable: { entry: ManifestEntry; reason: string }[] = [];
  for (const entry of await findMissingImages(location)) {
    try {
      const request = requestFor(entry);
      const loaded = await loadJobRequest(location, request);
      if (!isSavableFileName(posix.basename(entry.file), loaded.request.outputFormat)) {
        throw new ImageStudioError('invalid-option', `${posix.basename(entry.file)} is not a file name Image Studio generates for ${loaded.request.outputFormat} images`);
      }
      items.push({ entry, request, estimateUsd: estimateCost(loaded.request).usd });
    } catch (err) {
      unusable.push({ entry, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { items, unusable, estimateUsd: items.reduce((sum, item) => sum + item.estimateUsd, 0) };
}

export type RegenerationOutcome = { readonly kind: 'skipped'; readonly reason: string } | { readonly kind: 'regenerated'; readonly result: ImageJobResult };

/** Remakes one planned image at its recorded path; skipped (nothing sent) when a file is there by now. */
export async function regenerateImage(
  deps: ImageGeneratorDeps,
  job: Omit<ImageJob, 'request' | 'regenerate' | 'useCache'>,
  item: RegenerationItem,
  options: RunOptions = {},
): Promise<RegenerationOutcome> {
  const path = await resolveWorkspacePath({ store: deps.store, workspaceRoot: job.workspaceRoot, relativePath: item.entry.file, expect: 'file' });
  if ((await deps.store.stat(path)) !== undefined) return { kind: 'skipped', reason: `${item.entry.file} exists again, so it was left as it is.` };
  const result = await runImageJob(deps, { ...job, request: item.request, useCache: false, regenerate: { entryId: item.entry.id, file: item.entry.file } }, options);
  return { kind: 'regenerated', result };
}

/** The recorded request: one image, the options the API resolved (so `auto` becomes what was actually made). */
function requestFor(entry: ManifestEntry): JobRequest {
  const { options } = entry;
  const common = {
    model: entry.model, prompt: entry.prompt, n: 1, size: options.size, quality: options.quality, background: options.background,
    outputFormat: options.outputFormat, ...(options.outputCompression !== undefined ? { outputCompression: options.outputCompression } : {}),
  };
  // The manifest is repository input: its free-text options are checked (and typed) the way any request is.
  const checked = parseImageRequest({ kind: 'generate', ...common, ...(entry.kind === 'generate' && options.moderation !== undefined ? { moderation: options.moderation } : {}) });
  if (entry.kind === 'generate') return checked;
  if (!entry.inputFiles || entry.inputFiles.length === 0) {
    throw new ImageStudioError('invalid-option', 'this edit did not record its input images, so it cannot be repeated');
  }
  const { model, prompt, n, size, quality, background, outputFormat, outputCompression } = checked;
  return {
    kind: 'edit', model, prompt, n, size, quality, background, outputFormat, ...(outputCompression !== undefined ? { outputCompression } : {}),
    sources: { images: entry.inputFiles, ...(entry.maskFile !== undefined ? { mask: entry.maskFile } : {}) },
  };
}
