// First import: it notes the time the bundle began to evaluate, for the activation readout.
import { bundleEvaluationStartedAt } from './vscode/activationClock';
import * as vscode from 'vscode';
import type { LanguageModelTools } from './lmTools/registerLanguageModelTools';
import type { PanelTestHook } from './panel/panelTestHook';
import { loadedBundles, type ActivationReadout } from './vscode/activationReadout';
import { lazyWorkbench } from './vscode/lazyWorkbench';

/** What the extension offers other code: whether a key is set, never the key itself. */
export interface ImageStudioApi {
  hasApiKey(): Promise<boolean>;
  /**
   * Only when the extension runs under its integration tests (ExtensionMode.Test): the panel's message hook, see
   * panelTestHook.ts. It starts the workbench if it has not started yet.
   */
  panelTestHook?: () => Promise<PanelTestHook>;
  /**
   * Only under the integration tests: the language-model tools as registered, so a test can read what
   * `prepareInvocation` would show (VS Code shows it in a modal dialog when no chat is open, which a test cannot read).
   */
  languageModelToolsTestHook?: () => LanguageModelTools;
  /** Only under the integration tests and the bench: what activation cost and which lazy bundles are loaded. */
  activationReadout?: () => ActivationReadout;
}

/**
 * Registers everything as light stand-ins and returns: zod, the engine and the SDK live in `dist/workbench.js` and
 * `dist/openai.js` (see the seam in CONVENTIONS.md), so activation evaluates none of them.
 */
export function activate(context: vscode.ExtensionContext): ImageStudioApi {
  const activateCalledAt = performance.now();
  const workbench = lazyWorkbench(context);
  // The spend status bar and the CodeLens over `image:` comments must show at startup, so the workbench starts right
  // after activation returns (not inside it); the SDK still waits for the first paid job.
  setImmediate(() => {
    workbench.get().catch((err: unknown) => {
      void vscode.window.showErrorMessage(
        `Image Studio could not start: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  });
  const loadedAtActivation = loadedBundles(__dirname);
  const activateMs = performance.now() - activateCalledAt;
  const bundleEvaluationMs = bundleEvaluatedAt - bundleEvaluationStartedAt;
  return {
    hasApiKey: async () => (await workbench.get()).hasApiKey(),
    ...(context.extensionMode === vscode.ExtensionMode.Test
      ? {
          panelTestHook: async () => (await workbench.get()).panelTestHook(),
          languageModelToolsTestHook: () => workbench.languageModelTools,
          activationReadout: () => ({
            activationMs: bundleEvaluationMs + activateMs,
            bundleEvaluationMs,
            activateMs,
            loadedAtActivation,
            loadedNow: loadedBundles(__dirname),
            ...(workbench.startMs() !== undefined ? { workbenchStartMs: workbench.startMs() } : {}),
          }),
        }
      : {}),
  };
}

// The last statement of the bundle's top level (this module is its entry, so it is evaluated last).
const bundleEvaluatedAt = performance.now();

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
