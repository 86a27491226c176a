/**
 * Saving the images one request produced: each checked and written atomically, then listed in the manifest (shared by
 * jobs and batch results).
 */
import { posix } from 'node:path';
import { ImageStudioError } from '../errors';
import type { EditSources } from './editInputs';
import { imageFileName } from '../files/fileName';
import type { FileStore } from '../files/fileStore';
import type { AgentRun } from '../request/agentRun';
import { sha256Of } from '../files/imageCache';
import { resolveSize, type ImageRequest } from '../request/imageRequest';
import { appendManifestEntry, newManifestEntryId } from '../files/manifest';
import { recordedOptions } from '../request/recordedOptions';
import { requestHash } from '../request/requestHash';
import { saveImage } from '../files/saveImage';

export interface SavedImageResult {
  /** Absolute path in the workspace store. */
  readonly path: string;
  readonly manifestId: string;
  /** sha256 (hex) of the bytes written, for the private cache index. */
  readonly sha256: string;
  readonly warnings: readonly string[];
}

export interface SaveGeneratedImagesOptions {
  readonly store: FileStore;
  readonly workspaceRoot: string;
  /** The resolved output folder (from `resolveOutputFolder`). */
  readonly folder: string;
  readonly recoveryFolder: string;
  readonly now: Date;
  readonly request: ImageRequest;
  /** The images' bytes, one per image, or why one cannot be used (the others are saved all the same). */
  readonly images: readonly (Uint8Array | ImageStudioError)[];
  /** What the API said it made (`auto` resolved). */
  readonly answered: {
    readonly size?: string | undefined;
    readonly quality?: string | undefined;
    readonly background?: string | undefined;
  };
  /** The whole request's cost, split evenly over its images in the manifest. */
  readonly cost: { readonly usd: number; readonly inputTokens: number; readonly outputTokens: number };
  readonly sources?: EditSources | undefined;
  /** The first image goes back to this manifest entry's path (regeneration). */
  readonly regenerate?: { readonly entryId: string; readonly file: string } | undefined;
  /** The agent that asked, recorded in each entry. */
  readonly agent?: AgentRun | undefined;
  /**
   * Called once every usable image is in place, before the manifest is written: a host links them at once rather
   * than after the bookkeeping (the "link within 100 ms of the answer").
   */
  readonly onSaved?: ((paths: readonly string[]) => void) | undefined;
}

/**
 * Saves every image (never overwriting; bytes kept in the recovery folder when saving fails) and appends a manifest
 * entry for each.
 */
export async function saveGeneratedImages(
  options: SaveGeneratedImagesOptions,
): Promise<{ images: SavedImageResult[]; notices: string[] }> {
  const { request, answered, now } = options;
  const size =
    answered.size && /^\d+x\d+$/.test(answered.size)
      ? { width: Number(answered.size.split('x')[0]), height: Number(answered.size.split('x')[1]) }
      : request.size === 'auto'
        ? undefined
        : resolveSize(request);
  const hash = requestHash(request);
  const images: SavedImageResult[] = [];
  const notices: string[] = [];
  const unusable = options.images.filter((image) => image instanceof ImageStudioError);
  // Nothing to keep at all: the caller reports the failure (the spend is already recorded).
  const first = unusable[0];
  if (first && unusable.length === options.images.length) throw first;
  const placed: { index: number; bytes: Uint8Array; saved: Awaited<ReturnType<typeof saveImage>> }[] = [];
  // A save that fails (its bytes kept for recovery) ends the job, but the images already in place are still listed.
  let failure: unknown;
  for (const [index, bytes] of options.images.entries()) {
    if (bytes instanceof ImageStudioError) {
      notices.push(`Image ${index + 1} of ${options.images.length} in the answer was not saved: ${bytes.message}`);
      continue;
    }
    const regenerated = index === 0 ? options.regenerate : undefined;
    // saveImage never overwrites: if the regenerated file appeared meanwhile, the new one gets a fresh suffix.
    const saved = await saveImage({
      store: options.store,
      folder: options.folder,
      bytes,
      now,
      recoveryFolder: options.recoveryFolder,
      fileName: regenerated
        ? posix.basename(regenerated.file)
        : imageFileName(request.prompt, request.outputFormat, now),
      expect: { format: request.outputFormat, ...size, transparent: request.background === 'transparent' },
    }).catch((err: unknown) => {
      // Its bytes are in the recovery folder; the images after it are paid for too, so they are still saved.
      failure ??= err;
      return undefined;
    });
    if (saved) placed.push({ index, bytes, saved });
  }
  if (failure === undefined)
    notifySaved(
      options.onSaved,
      placed.map(({ saved }) => saved.path),
    );
  try {
    for (const { index, bytes, saved } of placed) {
      const regenerated = index === 0 ? options.regenerate : undefined;
      const manifestId = regenerated?.entryId ?? newManifestEntryId();
      const update = await appendManifestEntry({
        store: options.store,
        workspaceRoot: options.workspaceRoot,
        now,
        entry: {
          id: manifestId,
          file: posix.relative(options.workspaceRoot, saved.path),
          prompt: request.prompt,
          model: request.model,
          kind: request.kind,
          // What the API resolved `auto` to, so regenerating makes the same picture.
          options: {
            ...recordedOptions(request),
            size: answered.size ?? request.size,
            quality: answered.quality ?? request.quality,
            background: answered.background ?? request.background,
          },
          requestHash: hash,
          createdAt: now.toISOString(),
          costUsd: options.cost.usd / options.images.length,
          usage: { inputTokens: options.cost.inputTokens, outputTokens: options.cost.outputTokens },
          ...(options.sources
            ? {
                inputFiles: [...options.sources.images],
                ...(options.sources.mask !== undefined ? { maskFile: options.sources.mask } : {}),
              }
            : {}),
          ...(options.agent ? { agent: options.agent } : {}),
        },
      });
      if (update.notice) notices.push(update.notice);
      images.push({ path: saved.path, manifestId, sha256: sha256Of(bytes), warnings: saved.warnings });
    }
  } catch (err) {
    // A failed save is told first: it says where the paid-for bytes were kept, which the person must not miss.
    if (failure === undefined) throw err;
  }
  if (failure !== undefined) throw failure;
  return { images, notices };
}

function notifySaved(onSaved: SaveGeneratedImagesOptions['onSaved'], paths: readonly string[]): void {
  try {
    onSaved?.(paths);
  } catch {
    // The host's early link is a convenience: its failure must not stop the images being listed in the manifest.
  }
}
