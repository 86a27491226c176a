import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { viewIds } from '../commands/ids';
import type { ApiKeyStore } from '../core/secrets/apiKeyStore';
import {
  describeDropped,
  errorReplyTo,
  hostToWebviewMessage,
  parseMessage,
  replyTo,
  webviewToHostMessage,
  type HostToWebviewMessage,
  type ResultFor,
  type WebviewRequest,
  type WebviewToHostMessage,
} from '../protocol/messages';
import type { HistoryWindow } from '../protocol/gallery';
import { historyPageSize } from '../protocol/limits';
import type { EngineHost } from '../vscode/engineHost';
import type { Log } from '../vscode/log';
import { readSettings } from '../vscode/settingsReader';
import { estimateFor, isOptionError } from './composeRequest';
import { GalleryIndex, type DisplayContext, type HistoryView } from './galleryIndex';
import { runImageAction } from './imageActions';
import { LastTextEditor } from './lastTextEditor';
import { outputRoots, sameRoots } from './outputRoots';
import { PanelJobs } from './panelJobs';
import { toPanelError } from './panelError';
import { buildState } from './panelState';
import type { PanelTestHook } from './panelTestHook';
import { renderPanelHtml } from './renderHtml';
import { editInputs, runPanelJob } from './runPanelJob';
import { runFix } from './runFix';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  /** The key store, read for "is a key set" only; its change event refreshes the panel (in every window). */
  readonly keyStore: ApiKeyStore & { onDidChange(listener: () => void): vscode.Disposable };
  readonly log: Log;
  readonly engine: EngineHost;
  readonly state: vscode.Memento;
}

/** What the test hook sees (test mode only). */
interface Recorder {
  readonly posted: HostToWebviewMessage[];
  readonly dropped: string[];
  readonly onDidPost: vscode.EventEmitter<HostToWebviewMessage>;
}

/** The Image Studio side panel: renders the shell, waits for `ready`, then talks in parsed messages only. */
export class ImageStudioViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = viewIds.panel;
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private viewDisposables: vscode.Disposable[] = [];
  private readonly lastEditor = new LastTextEditor();
  private readonly gallery: GalleryIndex;
  private readonly jobs = new PanelJobs();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** How many state pushes have begun: only the latest one posts its state. */
  private statePushes = 0;
  /** The output folders that passed the disk check, besides dist/ the webview's only resource roots. */
  private roots: vscode.Uri[] = [];
  /** The search and length of history the page last asked for; each state push sends that window. */
  private historyView: HistoryView = { query: '', count: historyPageSize, pinned: [] };
  private recorder: Recorder | undefined;

  constructor(private readonly deps: PanelDeps) {
    this.gallery = new GalleryIndex(deps.log);
    const watcher = vscode.workspace.createFileSystemWatcher('**/.imagestudio/manifest.json');
    // The manifests are read again only when they, the folders or the output folder change.
    const historyChanged = (): void => {
      this.gallery.invalidate();
      this.scheduleRefresh();
    };
    this.disposables.push(
      this.lastEditor,
      watcher,
      watcher.onDidChange(historyChanged),
      watcher.onDidCreate(historyChanged),
      watcher.onDidDelete(historyChanged),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // The refresh checks the new output folder on disk before it becomes a resource root.
        if (e.affectsConfiguration('imageStudio.outputFolder')) historyChanged();
        else if (e.affectsConfiguration('imageStudio')) this.scheduleRefresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(historyChanged),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleRefresh()),
      deps.keyStore.onDidChange(() => this.scheduleRefresh()),
      // The CLI's ledger changed (an agent spent through the MCP server): the usage section shows it.
      deps.engine.onDidChangeCliUsage(() => this.scheduleRefresh()),
    );
  }

  async resolveWebviewView(view: vscode.WebviewView): Promise<void> {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist');
    // Checked on disk before the page exists, so it never loads anything through a linked output folder.
    this.roots = await outputRoots();
    if (this.view !== view) return;
    this.applyOptions(view);
    const nonce = randomBytes(16).toString('base64');
    view.webview.html = renderPanelHtml({
      cspSource: view.webview.cspSource,
      nonce,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      codiconsUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
    });
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      // Without retainContextWhenHidden a hidden page is gone; it says `ready` again when shown (W7).
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        this.ready = false;
      }),
    );
  }

  /** Only the bundle and the checked output folders may load: never the whole extension or workspace (W3). */
  private applyOptions(view: vscode.WebviewView): void {
    const localResourceRoots = [vscode.Uri.joinPath(this.deps.extensionUri, 'dist'), ...this.roots];
    view.webview.options = { enableScripts: true, enableForms: false, localResourceRoots };
  }

  /**
   * Checks the output folders again (a setting, a folder or the disk may have changed) and applies a changed
   * set of roots; only then, because new options reload the page, which says `ready` again.
   */
  private async refreshRoots(): Promise<void> {
    const roots = await outputRoots();
    if (sameRoots(roots, this.roots)) return;
    this.roots = roots;
    if (this.view) this.applyOptions(this.view);
  }

  private receive(data: unknown): void {
    const message = parseMessage(webviewToHostMessage, data);
    if (!message) {
      const type = describeDropped(data);
      this.deps.log.warn(`panel: dropped a malformed message (type ${type})`);
      this.recorder?.dropped.push(type);
      return;
    }
    void this.handle(message).catch((err: unknown) => this.deps.log.error(err instanceof Error ? err : String(err)));
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A hidden webview loses posts, so the whole state goes out each time the page says it is listening.
        this.ready = true;
        await this.pushState();
        return;
      case 'estimate':
        return this.reply(
          message,
          async () => {
            const settings = readSettings(vscode.workspace.workspaceFolders?.[0]?.uri);
            const edit = message.editOf
              ? (
                  await editInputs(
                    { gallery: this.gallery, lastEditor: this.lastEditor },
                    { source: { imageId: message.editOf }, referenceIds: [] },
                  )
                ).inputs
              : undefined;
            return estimateFor(message.prompt, message.options, settings.partialImages, edit);
          },
          true,
        );
      case 'generate':
      case 'edit': {
        const request = message;
        const jobId = message.id;
        const spec =
          message.type === 'edit'
            ? {
                prompt: message.prompt,
                options: message.options,
                edit: {
                  source: message.upload ? { upload: message.upload } : { imageId: message.imageId ?? '' },
                  referenceIds: message.referenceIds,
                  ...(message.maskPng ? { maskPng: message.maskPng } : {}),
                },
              }
            : { prompt: message.prompt, options: message.options };
        return this.reply(request, () =>
          this.jobs
            .run(jobId, (signal) =>
              runPanelJob(
                { ...this.deps, gallery: this.gallery, lastEditor: this.lastEditor },
                spec,
                signal,
                (event) => void this.post({ type: 'progress', jobId, event }),
                (ids) => this.gallery.itemsFor(ids, this.display()),
              ),
            )
            .finally(() => this.scheduleRefresh()),
        );
      }
      case 'cancel':
        this.jobs.cancel(message.jobId);
        return;
      case 'imageAction':
        return this.reply(message, async () => {
          const result = await runImageAction(
            { gallery: this.gallery, lastEditor: this.lastEditor },
            message.action,
            message.imageId,
          );
          if (message.action === 'delete') {
            this.gallery.invalidate();
            await this.pushState();
          }
          return result;
        });
      case 'history':
        return this.reply(message, async () => {
          this.historyView = { query: message.query, count: message.count, pinned: message.pinned };
          return { kind: 'history', history: await this.historyWindow() };
        });
      case 'runFix':
        await runFix(message.fix);
        await this.pushState();
        return;
    }
  }

  /** Answers `request` with the work's result (of the kind the request names), or with its error and fixes. */
  private async reply<R extends WebviewRequest>(
    request: R,
    work: () => Promise<ResultFor<R['type']>>,
    quietOptionErrors = false,
  ): Promise<void> {
    try {
      await this.post(replyTo(request, await work()));
    } catch (err) {
      if (!(quietOptionErrors && isOptionError(err))) this.deps.log.warn(`panel: ${toPanelError(err).message}`);
      await this.post(errorReplyTo(request, toPanelError(err)));
    }
  }

  private display(): DisplayContext {
    const view = this.view;
    return { roots: this.roots, toWebviewUri: (uri) => (view ? view.webview.asWebviewUri(uri).toString() : '') };
  }

  private historyWindow(): Promise<HistoryWindow> {
    return this.gallery.window(this.historyView, this.display());
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(
      () =>
        void this.pushState().catch((err: unknown) => this.deps.log.error(err instanceof Error ? err : String(err))),
      150,
    );
  }

  private async pushState(): Promise<void> {
    if (!this.view || !this.ready) return;
    const push = ++this.statePushes;
    await this.refreshRoots();
    const state = await buildState(this.deps, await this.historyWindow());
    // A push that began later read newer files; posting this one after it would leave the page on stale history.
    if (push !== this.statePushes) return;
    await this.post(state);
  }

  /** Checks every outbound message against the protocol too; nothing is posted before `ready`. */
  private async post(message: HostToWebviewMessage): Promise<boolean> {
    const checked = parseMessage(hostToWebviewMessage, message);
    if (!checked) {
      this.deps.log.error(`panel: refused to post an invalid ${message.type} message`);
      return false;
    }
    if (!this.view || !this.ready) return false;
    this.recorder?.posted.push(checked);
    this.recorder?.onDidPost.fire(checked);
    return this.view.webview.postMessage(checked);
  }

  /**
   * For the integration tests only (wired in test mode): deliver messages as the page would and see what the host posts
   * back.
   */
  testHook(): PanelTestHook {
    this.recorder?.onDidPost.dispose();
    const recorder: Recorder = { posted: [], dropped: [], onDidPost: new vscode.EventEmitter<HostToWebviewMessage>() };
    this.recorder = recorder;
    return {
      deliver: (data: unknown) => this.receive(data),
      posted: () => [...recorder.posted],
      onDidPost: (listener) => recorder.onDidPost.event(listener),
      dropped: () => [...recorder.dropped],
      isReady: () => this.ready && this.view !== undefined,
      webviewOptions: () => {
        const options = this.view?.webview.options;
        return options
          ? {
              enableScripts: options.enableScripts ?? false,
              enableForms: options.enableForms ?? true,
              localResourceRoots: (options.localResourceRoots ?? []).map((u) => u.toString()),
            }
          : undefined;
      },
    };
  }

  dispose(): void {
    this.jobs.cancelAll();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.recorder?.onDidPost.dispose();
    for (const d of [...this.viewDisposables.splice(0), ...this.disposables.splice(0)]) d.dispose();
  }
}
