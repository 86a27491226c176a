import type * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/apiKeyStore';

const secretKey = 'imageStudio.openaiApiKey';

/** The API key in VS Code's SecretStorage, the only place it is kept. */
export class SecretApiKeyStore implements ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(): Promise<string | undefined> {
    // get() may return undefined after a good store when the keyring could not decrypt it: callers re-prompt.
    return (await this.secrets.get(secretKey)) ?? undefined;
  }

  async store(key: string): Promise<void> {
    try {
      await this.secrets.store(secretKey, key.trim());
    } catch (err) {
      throw new Error(`VS Code could not save the key in its secret storage (${err instanceof Error ? err.name : 'error'}). On Linux, check that a keyring is available or set "password-store" in argv.json.`, { cause: err });
    }
  }

  delete(): Promise<void> {
    return Promise.resolve(this.secrets.delete(secretKey));
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => { if (e.key === secretKey) listener(); });
  }
}
