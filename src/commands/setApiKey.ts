import * as vscode from 'vscode';
import { validateApiKeyInput, type ApiKeyStore } from '../core/apiKeyStore';
import { commandIds } from './ids';
import type { Log } from '../vscode/log';

export interface SetApiKeyDeps {
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
}

/** Asks for the key in a password box and keeps it in SecretStorage only. Returns whether a key was saved, never the key. */
export async function promptAndStoreApiKey(deps: SetApiKeyDeps): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: 'Image Studio: OpenAI API Key',
    prompt: 'Paste an OpenAI API key. It is kept in VS Code\'s secret storage, never in settings or files. Create one at https://platform.openai.com/api-keys',
    placeHolder: 'sk-...',
    password: true,
    ignoreFocusOut: true,
    validateInput: validateApiKeyInput,
  });
  if (value === undefined || validateApiKeyInput(value) !== undefined) return false;
  await deps.keyStore.store(value.trim());
  deps.log.info('API key saved to secret storage');
  return true;
}

export function registerSetApiKey(deps: SetApiKeyDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.setApiKey, async (): Promise<boolean> => {
    try {
      const saved = await promptAndStoreApiKey(deps);
      if (saved) void vscode.window.showInformationMessage('Image Studio: API key saved in secret storage.');
      return saved;
    } catch (err) {
      deps.log.error(err instanceof Error ? err : String(err));
      void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
      return false;
    }
  });
}
