import { posix } from 'node:path';
import * as vscode from 'vscode';
import { readManifest, type ManifestEntry } from '../core/files/manifest';
import { agentMarkOf } from './agentMarkOf';
import { galleryItem, type GalleryItem, type HistoryWindow } from '../protocol/gallery';
import { WorkspaceFileStore } from '../vscode/workspaceFileStore';
import type { Log } from '../vscode/log';
import { checkHistoryFile } from './checkHistoryFile';
import {
  HistoryPager,
  orderHistory,
  type Availability,
  type CheckedEntry,
  type FolderEntries,
  type HistoryEntry,
} from './historyPages';
import { isInside } from './outputRoots';

/** A history image as the host knows it: the panel only ever sees its id. */
export interface IndexedImage {
  readonly folder: vscode.WorkspaceFolder;
  readonly entry: ManifestEntry;
  /** The file the manifest names (as resolved by the workspace check when it passed). */
  readonly uri: vscode.Uri;
  readonly availability: Availability;
}

/** Turns a file inside the webview's resource roots into a URI the page can display. */
export interface DisplayContext {
  readonly roots: readonly vscode.Uri[];
  toWebviewUri(uri: vscode.Uri): string;
}

type Folder = vscode.WorkspaceFolder;
/** What the page asked to see: a search, how many, and the images it holds on to. */
export interface HistoryView {
  readonly query: string;
  readonly count: number;
  readonly pinned: readonly string[];
}

interface Loaded {
  readonly pager: HistoryPager<Folder>;
  readonly notices: string[];
}

const maxNotices = 10;

/**
 * The images of every workspace folder's manifest, newest first. Manifests are read once per change
 * (`invalidate`), and files are checked only for the entries a window shows, so a huge manifest costs
 * one read, not one look at the disk per entry.
 */
export class GalleryIndex {
  private generation = 0;
  private loaded: Loaded | undefined;
  private loading: { readonly generation: number; readonly promise: Promise<Loaded> } | undefined;

  constructor(private readonly log: Log) {}

  /** The manifests or the folders changed: the next look reads them again and checks files afresh. */
  invalidate(): void {
    this.generation++;
    this.loaded = undefined;
  }

  /**
   * The newest `count` images matching `query` and the `pinned` ones, each checked on disk; how many match,
   * and any manifest that could not be read.
   */
  async window(view: HistoryView, display: DisplayContext): Promise<HistoryWindow> {
    const { pager, notices } = await this.load();
    const found = await pager.window(view.query, view.count);
    const pinned = await this.found(pager, view.pinned, display);
    return {
      query: view.query,
      items: this.items(found.entries, display),
      matching: found.matching,
      total: found.total,
      pinned,
      notices,
    };
  }

  /** The history items for these ids (a job's new images), read afresh. */
  async itemsFor(ids: readonly string[], display: DisplayContext): Promise<GalleryItem[]> {
    this.invalidate();
    return this.found((await this.load()).pager, ids, display);
  }

  private async found(
    pager: HistoryPager<Folder>,
    ids: readonly string[],
    display: DisplayContext,
  ): Promise<GalleryItem[]> {
    const entries = ids.flatMap((id) => pager.find(id) ?? []);
    const checked = await Promise.all(
      entries.map(async (entry) => ({ entry, availability: await pager.checked(entry) })),
    );
    return this.items(checked, display);
  }

  /** The image with this id, its path checked now (not from an earlier page): what an action acts on. */
  async resolve(id: string): Promise<IndexedImage | undefined> {
    const { pager } = await this.load();
    const found = pager.find(id);
    if (!found) return undefined;
    return indexed({ entry: found, availability: await check(found) });
  }

  private items(entries: readonly CheckedEntry<Folder>[], display: DisplayContext): GalleryItem[] {
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    return entries.flatMap((checked) => {
      const { entry, uri, availability } = indexed(checked);
      const item = galleryItem.safeParse({
        id: entry.id,
        prompt: entry.prompt,
        model: entry.model,
        kind: entry.kind,
        size: entry.options.size,
        quality: entry.options.quality,
        background: entry.options.background,
        outputFormat: entry.options.outputFormat,
        createdAt: entry.createdAt,
        ...(entry.costUsd !== undefined ? { costUsd: entry.costUsd } : {}),
        ...(entry.agent ? { agent: agentMarkOf(entry.agent) } : {}),
        label: vscode.workspace.asRelativePath(uri, multiRoot).slice(0, 1000),
        availability: availability.kind,
        ...(availability.kind === 'unavailable' ? { reason: availability.reason } : {}),
        // Only files inside the resource roots can be shown: the checked output folders and dist/ (W3).
        ...(availability.kind === 'available' && isInside(uri, display.roots)
          ? { src: display.toWebviewUri(uri) }
          : {}),
      });
      return item.success ? [item.data] : [];
    });
  }

  private async load(): Promise<Loaded> {
    if (this.loaded) return this.loaded;
    const generation = this.generation;
    if (this.loading?.generation !== generation) this.loading = { generation, promise: this.read() };
    const loaded = await this.loading.promise;
    if (generation === this.generation) this.loaded = loaded;
    return loaded;
  }

  private async read(): Promise<Loaded> {
    const notices: string[] = [];
    const folders: FolderEntries<Folder>[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      try {
        const read = await readManifest({ store: new WorkspaceFileStore(folder.uri), workspaceRoot: folder.uri.path });
        if (read.corrupt) notices.push(read.corrupt.message);
        folders.push({ folder, folderName: folder.name, entries: read.manifest.images });
      } catch (err) {
        // Too large, behind a link, unreadable: said in the panel, and the other folders still listed.
        const reason = err instanceof Error ? err.message : String(err);
        notices.push(`Could not read the image manifest of ${folder.name}: ${reason}`);
      }
    }
    for (const notice of notices) this.log.warn(`panel: ${notice}`);
    const shown = notices.slice(0, maxNotices).map((notice) => notice.slice(0, 1000));
    return { pager: new HistoryPager(orderHistory(folders), check), notices: shown };
  }
}

function check(item: HistoryEntry<Folder>): Promise<Availability> {
  const { folder, entry } = item;
  return checkHistoryFile({
    store: new WorkspaceFileStore(folder.uri),
    workspaceRoot: folder.uri.path,
    file: entry.file,
  });
}

function indexed({ entry: { folder, entry }, availability }: CheckedEntry<Folder>): IndexedImage {
  const path = availability.kind === 'unavailable' ? posix.join(folder.uri.path, entry.file) : availability.path;
  return { folder, entry, uri: folder.uri.with({ path }), availability };
}
