import * as vscode from 'vscode';
import { validateApiKeyInput, type ApiKeyStore } from '../core/secrets/apiKeyStore';
import { commandIds } from './ids';
import { importApiKeyFromEnv } from './importApiKeyFromEnv';
import { findEnvFiles } from '../vscode/envFiles';
import type { Log } from '../vscode/log';

export interface SetApiKeyDeps {
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
}

const importLabel = 'Import from .env';
const typeLabel = 'Enter Key';

/** With a .env in a trusted workspace, offers to import its key first; undefined when the person cancelled. */
async function offerEnvImport(deps: SetApiKeyDeps): Promise<boolean | undefined> {
  if (!vscode.workspace.isTrusted || (await findEnvFiles()).length === 0) return false;
  const choice = await vscode.window.showInformationMessage(
    'Image Studio needs an OpenAI API key. This workspace has a .env file: import its OPENAI_API_KEY into ' +
      "VS Code's secret storage, or enter a key?",
    { modal: true },
    importLabel,
    typeLabel,
  );
  if (choice === undefined) return undefined;
  return choice === importLabel && (await importApiKeyFromEnv(deps));
}

/**
 * Asks for the key (offering a workspace .env first) and keeps it in SecretStorage only. Returns whether a key
 * was saved, never the key.
 */
export async function promptAndStoreApiKey(
  deps: SetApiKeyDeps,
  options: { offerEnv?: boolean } = {},
): Promise<boolean> {
  if (options.offerEnv !== false) {
    const imported = await offerEnvImport(deps);
    if (imported === undefined) return false;
    if (imported) return true;
  }
  const value = await vscode.window.showInputBox({
    title: 'Image Studio: OpenAI API Key',
    prompt:
      "Paste an OpenAI API key. It is kept in VS Code's secret storage, never in settings or files. Create " +
      'one at https://platform.openai.com/api-keys',
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
      // The person asked to type a key: no detour through .env.
      const saved = await promptAndStoreApiKey(deps, { offerEnv: false });
      if (saved) void vscode.window.showInformationMessage('Image Studio: API key saved in secret storage.');
      return saved;
    } catch (err) {
      deps.log.error(err instanceof Error ? err : String(err));
      void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
      return false;
    }
  });
}
