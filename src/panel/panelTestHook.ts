import type { HostToWebviewMessage } from '../protocol/messages';

/**
 * The integration tests' window into the real panel, returned by `activate` only in test mode
 * (`ExtensionMode.Test`). It carries messages, never the key: `deliver` goes through the same parse-and-drop
 * path as the page's own posts, and `posted` is what the host sent to the real webview.
 */
export interface PanelTestHook {
  deliver(data: unknown): void;
  posted(): HostToWebviewMessage[];
  /** Fires for each message as it is posted, so a test waits on the message itself rather than a timer. */
  onDidPost(listener: (message: HostToWebviewMessage) => void): { dispose(): void };
  /** The `type` of each dropped inbound message, as logged. */
  dropped(): string[];
  /** True once the real webview has said `ready`. */
  isReady(): boolean;
  webviewOptions(): { enableScripts: boolean; enableForms: boolean; localResourceRoots: string[] } | undefined;
}
