import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { costText, showNotices } from '../vscode/runGeneration';
import type { ImageInput } from '../core/request/imageRequest';
import type { OutputFormat } from '../facts/imageOptions';
import type { GalleryItem } from '../protocol/gallery';
import type { JobEvent } from '../protocol/jobProgress';
import type { ResultFor } from '../protocol/messages';
import type { ComposeOptions } from '../protocol/options';
import type { EngineHost } from '../vscode/engineHost';
import type { Log } from '../vscode/log';
import { rememberPrompt } from '../vscode/recentPrompts';
import { readSettings } from '../vscode/settingsReader';
import { requireTrustedWorkspace } from '../vscode/workspaceTrust';
import { composeRequest, type EditInputs } from './composeRequest';
import type { GalleryIndex, IndexedImage } from './galleryIndex';
import type { LastTextEditor } from './lastTextEditor';
import { toJobEvent } from './panelJobs';
import { workspaceFolderFor } from '../vscode/workspaceFolderFor';

export interface PanelJobDeps {
  readonly engine: EngineHost;
  readonly log: Log;
  readonly state: vscode.Memento;
  readonly gallery: GalleryIndex;
  readonly lastEditor: LastTextEditor;
}

/** A generation, or an edit of a history image with an optional mask and references. */
export interface PanelJobSpec {
  readonly prompt: string;
  readonly options: ComposeOptions;
  readonly edit?: {
    /** A history image by id, or the bytes of one dropped onto the panel. */
    readonly source:
      | { readonly imageId: string }
      | { readonly upload: { readonly mimeType: ImageInput['mimeType']; readonly b64: string } };
    readonly maskPng?: string;
    readonly referenceIds: readonly string[];
  };
}

const mimeOf: Record<OutputFormat, ImageInput['mimeType']> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** Reads a history image's bytes for an edit, by id only, after checking its path again. */
export async function imageInput(
  deps: Pick<PanelJobDeps, 'gallery'>,
  id: string,
): Promise<{ image: IndexedImage; input: ImageInput }> {
  const image = await deps.gallery.resolve(id);
  if (image?.availability.kind === 'unavailable') {
    throw new ImageStudioError({ kind: 'image-unavailable', detail: image.availability.reason });
  }
  if (image?.availability.kind !== 'available') {
    throw new ImageStudioError({ kind: 'image-gone' });
  }
  const bytes = new Uint8Array(await vscode.workspace.fs.readFile(image.uri));
  const format = image.entry.options.outputFormat;
  return { image, input: { name: `image.${format}`, mimeType: mimeOf[format], bytes } };
}

/** The source, references and mask of an edit as core inputs. */
export async function editInputs(
  deps: Pick<PanelJobDeps, 'gallery' | 'lastEditor'>,
  edit: NonNullable<PanelJobSpec['edit']>,
): Promise<{ folder: vscode.WorkspaceFolder; inputs: EditInputs }> {
  const { source } = edit;
  const first =
    'imageId' in source
      ? await imageInput(deps, source.imageId)
      : {
          image: undefined,
          input: {
            name: `dropped.${source.upload.mimeType.slice('image/'.length)}`,
            mimeType: source.upload.mimeType,
            bytes: fromBase64(source.upload.b64),
          },
        };
  const sourceId = 'imageId' in source ? source.imageId : undefined;
  const references = await Promise.all(
    edit.referenceIds.filter((id) => id !== sourceId).map(async (id) => (await imageInput(deps, id)).input),
  );
  const mask = edit.maskPng
    ? { name: 'mask.png', mimeType: 'image/png' as const, bytes: fromBase64(edit.maskPng) }
    : undefined;
  return {
    folder: first.image?.folder ?? defaultFolder(deps),
    inputs: { images: [first.input, ...references], ...(mask ? { mask } : {}) },
  };
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

function defaultFolder(deps: Pick<PanelJobDeps, 'lastEditor'>): vscode.WorkspaceFolder {
  return workspaceFolderFor(deps.lastEditor.get()?.document.uri);
}

/** Runs one panel job through the engine, reporting progress, and answers with the saved images as history items. */
export async function runPanelJob(
  deps: PanelJobDeps,
  spec: PanelJobSpec,
  signal: AbortSignal,
  onProgress: (event: JobEvent) => void,
  itemsFor: (ids: string[]) => Promise<GalleryItem[]>,
): Promise<ResultFor<'generate' | 'edit'>> {
  // Refused before any file is read or prompt remembered; the engine host checks again before paying.
  requireTrustedWorkspace(spec.edit ? 'Editing images' : 'Generating images');
  const edit = spec.edit ? await editInputs(deps, spec.edit) : undefined;
  const folder = edit?.folder ?? defaultFolder(deps);
  const settings = readSettings(folder.uri);
  const request = composeRequest(spec.prompt, spec.options, settings.partialImages, edit?.inputs);
  await rememberPrompt(deps.state, spec.prompt);
  deps.log.info(
    `panel request: ${request.kind} model=${request.model} size=${request.size} quality=${request.quality} ` +
      `n=${request.n} stream=${request.stream}`,
  );
  // Through the engine host: its trust gate, and the status bar hears about the spend.
  const result = await deps.engine.run(folder, settings, request, {
    signal,
    onEvent: (event) => onProgress(toJobEvent(event, request.outputFormat)),
  });
  showNotices(deps.log, result);
  const items = await itemsFor(result.images.map((i) => i.manifestId));
  const cost = costText(result);
  const warnings = result.images.flatMap((i) => i.warnings).join(' ');
  deps.log.info(`panel done: ${result.images.length} image(s), ${cost}`);
  return {
    kind: 'images',
    items,
    summary: savedSummary(result.images.length, cost, warnings).slice(0, 500),
  };
}

function savedSummary(count: number, cost: string, warnings: string): string {
  return `Saved ${count} image${count === 1 ? '' : 's'} (${cost}).${warnings ? ` ${warnings}` : ''}`;
}
