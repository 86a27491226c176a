import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { viewIds } from '../commands/ids';
import { hostToWebviewMessage, parseMessage, webviewToHostMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../protocol/messages';
import type { ApiKeyStore } from '../core/apiKeyStore';
import type { Log } from '../vscode/log';
import { renderPanelHtml } from './renderHtml';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
  readonly currentModel: () => string;
}

/** The Image Studio side panel: renders the shell, waits for `ready`, then talks in parsed messages only. */
export class ImageStudioViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = viewIds.panel;
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: PanelDeps) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, enableForms: false, localResourceRoots: [dist] };
    const nonce = randomBytes(16).toString('base64');
    view.webview.html = renderPanelHtml({
      cspSource: view.webview.cspSource,
      nonce,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      codiconsUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
    });
    this.disposables.push(view.webview.onDidReceiveMessage((data: unknown) => this.receive(data)));
  }

  private receive(data: unknown): void {
    const message = parseMessage(webviewToHostMessage, data);
    if (!message) {
      const type = typeof data === 'object' && data !== null && 'type' in data ? String((data as { type: unknown }).type).slice(0, 40) : typeof data;
      this.deps.log.warn(`panel: dropped a malformed message (type ${type})`);
      return;
    }
    void this.handle(message);
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A hidden webview loses posts, so the whole state goes out each time the page says it is listening.
        await this.post({ type: 'state', hasApiKey: (await this.deps.keyStore.get()) !== undefined, model: this.deps.currentModel() });
        break;
    }
  }

  private async post(message: HostToWebviewMessage): Promise<boolean> {
    const checked = parseMessage(hostToWebviewMessage, message);
    if (!checked || !this.view) return false;
    return this.view.webview.postMessage(checked);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
