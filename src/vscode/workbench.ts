/**
 * The extension's real body, bundled apart from the thin activation (`dist/workbench.js`): the commands' handlers,
 * the panel, the engine host, the status bar, the CodeLens and zod. `src/extension.ts` requires it on first need.
 */
import * as vscode from 'vscode';
import { registerClearApiKey } from '../commands/clearApiKey';
import { registerCopyMcpConfiguration } from '../commands/copyMcpConfiguration';
import { registerEditImage } from '../commands/editImage';
import { registerImportApiKeyFromEnv } from '../commands/importApiKeyFromEnv';
import { registerGenerateFromComment } from '../commands/generateFromComment';
import { registerGenerateFromSelection } from '../commands/generateFromSelection';
import { registerGenerateImage } from '../commands/generateImage';
import { registerImageCommentCodeLens } from '../commands/imageCommentCodeLensProvider';
import { registerOpenImage } from '../commands/openImage';
import { registerOpenLog } from '../commands/openLog';
import { registerOpenPanel } from '../commands/openPanel';
import { registerRegenerateMissing } from '../commands/regenerateMissing';
import { registerSetApiKey } from '../commands/setApiKey';
import { registerShowUsage } from '../commands/showUsage';
import { commandIds } from '../commands/ids';
import { ImageStudioViewProvider } from '../panel/imageStudioViewProvider';
import type { PanelTestHook } from '../panel/panelTestHook';
import { SecretApiKeyStore } from './secretApiKeyStore';
import { createLog } from './log';
import { EngineHost } from './engineHost';
import { SpendStatusBar } from './spendStatusBar';
import { redact } from '../core/secrets/redact';
import { cliPrivateFolders } from '../core/files/cliPrivateFolders';
import { languageModelTools, type LanguageModelTools } from '../lmTools/registerLanguageModelTools';

/** What the thin activation hands to (the panel, the tools) or asks of the loaded workbench. */
export interface Workbench {
  readonly panel: vscode.WebviewViewProvider;
  readonly panelTestHook: () => PanelTestHook;
  readonly languageModelTools: LanguageModelTools;
  hasApiKey(): Promise<boolean>;
}

/**
 * Composes the extension and registers the commands (the thin activation disposed its stand-ins just before), the
 * status bar and the CodeLens; everything goes into `context.subscriptions`. The webview view and the
 * language-model tools stay registered by the thin activation, which hands them to `panel` and `languageModelTools`.
 */
export function startWorkbench(context: vscode.ExtensionContext): Workbench {
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
  context.subscriptions.push(
    channel,
    engine,
    panel,
    new SpendStatusBar({ engine, log, command: commandIds.showUsage }),
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
  );
  return {
    panel,
    panelTestHook: () => panel.testHook(),
    languageModelTools: languageModelTools(deps),
    hasApiKey: async () => (await keyStore.get()) !== undefined,
  };
}
