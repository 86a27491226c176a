import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/secrets/apiKeyStore';
import { commandIds } from './ids';
import type { Log } from '../vscode/log';

export interface ClearApiKeyDeps {
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
}

export function registerClearApiKey(deps: ClearApiKeyDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.clearApiKey, async (): Promise<boolean> => {
    await deps.keyStore.delete();
    deps.log.info('API key removed from secret storage');
    void vscode.window.showInformationMessage('Image Studio: API key removed.');
    return true;
  });
}
