import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/secrets/apiKeyStore';
import { apiKeyFromEnvFile, ENV_API_KEY_NAME } from '../core/secrets/envApiKey';
import { commandIds } from './ids';
import { findEnvFiles } from '../vscode/envFiles';
import type { Log } from '../vscode/log';
import { showError } from '../vscode/showError';

export interface ImportApiKeyFromEnvDeps {
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
}

interface FoundKey {
  readonly file: string;
  readonly key: string;
}

/** The usable keys of the workspace's .env files; problems are logged by file, never with the value. */
async function readKeys(deps: ImportApiKeyFromEnvDeps): Promise<FoundKey[]> {
  const keys: FoundKey[] = [];
  for (const uri of await findEnvFiles()) {
    const file = vscode.workspace.asRelativePath(uri, true);
    const found = apiKeyFromEnvFile(await vscode.workspace.fs.readFile(uri));
    if (found.kind === 'found') keys.push({ file, key: found.key });
    else if (found.kind === 'invalid') deps.log.warn(`${file}: ${found.reason}`);
  }
  return keys;
}

async function choose(keys: FoundKey[]): Promise<FoundKey | undefined> {
  if (new Set(keys.map((k) => k.key)).size <= 1) return keys[0];
  // Several folders define different keys: the person picks the file, never shown the key itself.
  const picked = await vscode.window.showQuickPick(
    keys.map((k) => ({ label: k.file, found: k })),
    { title: 'Image Studio: Import API Key from .env', placeHolder: `Which file's ${ENV_API_KEY_NAME}?` },
  );
  return picked?.found;
}

/**
 * Copies OPENAI_API_KEY from a workspace .env into SecretStorage, and nowhere else. Returns whether a key was
 * imported, never the key (K6).
 */
export async function importApiKeyFromEnv(deps: ImportApiKeyFromEnvDeps): Promise<boolean> {
  const keys = await readKeys(deps);
  if (keys.length === 0) {
    void vscode.window.showWarningMessage(
      `Image Studio: no usable ${ENV_API_KEY_NAME} in a .env file at the root of the workspace folders. Use ` +
        `“Image Studio: Set API Key” instead.`,
    );
    return false;
  }
  const chosen = await choose(keys);
  if (!chosen) return false;
  await deps.keyStore.store(chosen.key);
  deps.log.info(`API key imported from ${chosen.file} into secret storage`);
  void vscode.window.showInformationMessage(
    `Image Studio: imported ${ENV_API_KEY_NAME} from ${chosen.file} into VS Code's secret storage. You do ` +
      `not need to remove it from .env, but keep .env git-ignored so it is never committed.`,
  );
  return true;
}

export function registerImportApiKeyFromEnv(deps: ImportApiKeyFromEnvDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.importApiKeyFromEnv, async (): Promise<boolean> => {
    try {
      return await importApiKeyFromEnv(deps);
    } catch (err) {
      await showError(err, deps);
      return false;
    }
  });
}
