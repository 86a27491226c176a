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
  // Each part is kept as it is made: if a later one throws, those already made are disposed, so the thin
  // activation can put its stand-ins back (a command id registered twice would throw) and try again.
  const made: vscode.Disposable[] = [];
  const keep = <T extends vscode.Disposable>(part: T): T => {
    made.push(part);
    return part;
  };
  try {
    return composeWorkbench(context, keep, made);
  } catch (err) {
    for (const part of made.reverse()) part.dispose();
    throw err;
  }
}

function composeWorkbench(
  context: vscode.ExtensionContext,
  keep: <T extends vscode.Disposable>(part: T) => T,
  made: readonly vscode.Disposable[],
): Workbench {
  const channel = keep(vscode.window.createOutputChannel('Image Studio', { log: true }));
  const keyStore = new SecretApiKeyStore(context.secrets);
  const log = createLog(channel, (text) => redact(text, keyStore.knownSecrets()));
  const engine = keep(
    new EngineHost({
      keyStore,
      globalStorageUri: context.globalStorageUri,
      cliLedgerFolder: vscode.Uri.file(cliPrivateFolders(process.env).ledger),
    }),
  );
  const deps = {
    keyStore,
    log,
    engine,
    recovery: { globalStorageUri: context.globalStorageUri },
    state: context.globalState,
    workspaceState: context.workspaceState,
    extensionUri: context.extensionUri,
  };
  const panel = keep(new ImageStudioViewProvider(deps));
  keep(new SpendStatusBar({ engine, log, command: commandIds.showUsage }));
  keep(registerGenerateImage(deps));
  keep(registerEditImage(deps));
  keep(registerRegenerateMissing(deps));
  keep(registerImportApiKeyFromEnv(deps));
  keep(registerGenerateFromSelection(deps));
  keep(registerGenerateFromComment(deps));
  keep(registerOpenImage(deps));
  keep(registerImageCommentCodeLens());
  keep(registerSetApiKey(deps));
  keep(registerClearApiKey(deps));
  keep(registerOpenLog(deps));
  keep(registerShowUsage(deps));
  keep(registerCopyMcpConfiguration(deps));
  keep(registerOpenPanel());
  const tools = languageModelTools(deps);
  context.subscriptions.push(...made);
  return {
    panel,
    panelTestHook: () => panel.testHook(),
    languageModelTools: tools,
    hasApiKey: async () => (await keyStore.get()) !== undefined,
  };
}
