import * as vscode from 'vscode';
import { registerClearApiKey } from './commands/clearApiKey';
import { registerCopyMcpConfiguration } from './commands/copyMcpConfiguration';
import { registerEditImage } from './commands/editImage';
import { registerImportApiKeyFromEnv } from './commands/importApiKeyFromEnv';
import { registerGenerateFromComment } from './commands/generateFromComment';
import { registerGenerateFromSelection } from './commands/generateFromSelection';
import { registerGenerateImage } from './commands/generateImage';
import { registerImageCommentCodeLens } from './commands/imageCommentCodeLensProvider';
import { registerOpenImage } from './commands/openImage';
import { registerOpenLog } from './commands/openLog';
import { registerOpenPanel } from './commands/openPanel';
import { registerRegenerateMissing } from './commands/regenerateMissing';
import { registerSetApiKey } from './commands/setApiKey';
import { registerShowUsage } from './commands/showUsage';
import { commandIds } from './commands/ids';
import { ImageStudioViewProvider } from './panel/imageStudioViewProvider';
import { SecretApiKeyStore } from './vscode/secretApiKeyStore';
import { createLog } from './vscode/log';
import type { PanelTestHook } from './panel/panelTestHook';
import { EngineHost } from './vscode/engineHost';
import { SpendStatusBar } from './vscode/spendStatusBar';
import { redact } from './core/secrets/redact';
import { cliPrivateFolders } from './core/files/cliPrivateFolders';
import {
  languageModelTools,
  registerLanguageModelTools,
  type LanguageModelTools,
} from './lmTools/registerLanguageModelTools';

/** What the extension offers other code: whether a key is set, never the key itself. */
export interface ImageStudioApi {
  hasApiKey(): Promise<boolean>;
  /**
   * Only when the extension runs under its integration tests (ExtensionMode.Test): the panel's message hook, see
   * panelTestHook.ts.
   */
  panelTestHook?: () => PanelTestHook;
  /**
   * Only under the integration tests: the language-model tools as registered, so a test can read what
   * `prepareInvocation` would show (VS Code shows it in a modal dialog when no chat is open, which a test cannot read).
   */
  languageModelToolsTestHook?: () => LanguageModelTools;
}

export function activate(context: vscode.ExtensionContext): ImageStudioApi {
  const channel = vscode.window.createOutputChannel('Image Studio', { log: true });
  const keyStore = new SecretApiKeyStore(context.secrets);
  const log = createLog(channel, (text) => redact(text, keyStore.knownSecrets()));
  const engine = new EngineHost({
    keyStore,
    globalStorageUri: context.globalStorageUri,
    cliLedgerFolder: vscode.Uri.file(cliPrivateFolders(process.env).ledger),
  });
  const deps = {
    keyStore,
    log,
    engine,
    recovery: { globalStorageUri: context.globalStorageUri },
    state: context.globalState,
    workspaceState: context.workspaceState,
    extensionUri: context.extensionUri,
  };
  const panel = new ImageStudioViewProvider(deps);
  const lmTools = languageModelTools(deps);
  context.subscriptions.push(
    channel,
    engine,
    panel,
    new SpendStatusBar({ engine, log, command: commandIds.showUsage }),
    vscode.window.registerWebviewViewProvider(ImageStudioViewProvider.viewType, panel),
    registerGenerateImage(deps),
    registerEditImage(deps),
    registerRegenerateMissing(deps),
    registerImportApiKeyFromEnv(deps),
    registerGenerateFromSelection(deps),
    registerGenerateFromComment(deps),
    registerOpenImage(deps),
    registerImageCommentCodeLens(),
    registerSetApiKey(deps),
    registerClearApiKey(deps),
    registerOpenLog(deps),
    registerShowUsage(deps),
    registerCopyMcpConfiguration(deps),
    registerOpenPanel(),
    ...registerLanguageModelTools(lmTools),
  );
  return {
    hasApiKey: async () => (await keyStore.get()) !== undefined,
    ...(context.extensionMode === vscode.ExtensionMode.Test
      ? { panelTestHook: () => panel.testHook(), languageModelToolsTestHook: () => lmTools }
      : {}),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
