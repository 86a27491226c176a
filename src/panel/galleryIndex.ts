import { posix } from 'node:path';
import * as vscode from 'vscode';
import { readManifest, type ManifestEntry } from '../core/manifest';
import { galleryItem, type GalleryItem } from '../protocol/gallery';
import { maxGalleryItems } from '../protocol/limits';
import { WorkspaceFileStore } from '../vscode/workspaceFileStore';
import type { Log } from '../vscode/log';
import { isInside, outputRoots } from './outputRoots';

/** A history image as the host knows it: the panel only ever sees its id. */
export interface IndexedImage {
  readonly folder: vscode.WorkspaceFolder;
  readonly entry: ManifestEntry;
  readonly uri: vscode.Uri;
  readonly exists: boolean;
}

/** The images of every workspace folder's manifest, newest first, and the id → file map the host acts through. */
export class GalleryIndex {
  private byId = new Map<string, IndexedImage>();

  constructor(private readonly log: Log) {}

  get(id: string): IndexedImage | undefined {
    return this.byId.get(id);
  }

  /** Re-reads every manifest; `toWebviewUri` turns a file inside the output folders into a displayable URI. */
  async refresh(toWebviewUri: (uri: vscode.Uri) => string): Promise<GalleryItem[]> {
    const roots = outputRoots();
    const found: IndexedImage[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const store = new WorkspaceFileStore(folder.uri);
      try {
        const read = await readManifest({ store, workspaceRoot: folder.uri.path });
        if (read.corrupt) this.log.warn(`panel: ${read.corrupt.message}`);
        for (const entry of read.manifest.images) {
          const uri = folder.uri.with({ path: posix.join(folder.uri.path, entry.file) });
          const stat = await store.stat(uri.path).catch(() => undefined);
          found.push({ folder, entry, uri, exists: stat?.kind === 'file' });
        }
      } catch (err) {
        this.log.warn(`panel: could not read the image manifest of ${folder.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    found.sort((a, b) => Date.parse(b.entry.createdAt) - Date.parse(a.entry.createdAt));
    const byId = new Map<string, IndexedImage>();
    const items: GalleryItem[] = [];
    for (const image of found) {
      if (byId.has(image.entry.id) || items.length >= maxGalleryItems) continue;
      const item = galleryItem.safeParse({
        id: image.entry.id, prompt: image.entry.prompt, model: image.entry.model, kind: image.entry.kind,
        size: image.entry.options.size, quality: image.entry.options.quality, background: image.entry.options.background, outputFormat: image.entry.options.outputFormat, createdAt: image.entry.createdAt,
        ...(image.entry.costUsd !== undefined ? { costUsd: image.entry.costUsd } : {}),
        label: vscode.workspace.asRelativePath(image.uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1),
        // Only files inside the output folders can be shown: they are the webview's only local roots besides dist/.
        ...(image.exists && isInside(image.uri, roots) ? { src: toWebviewUri(image.uri) } : {}),
      });
      if (!item.success) continue; // a hand-edited id the protocol does not allow: not addressable, so not listed
      byId.set(image.entry.id, image);
      items.push(item.data);
    }
    this.byId = byId;
    return items;
  }
}
