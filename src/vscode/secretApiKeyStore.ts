import type * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/secrets/apiKeyStore';

const secretKey = 'imageStudio.openaiApiKey';

/** The API key in VS Code's SecretStorage, the only place it is kept. */
export class SecretApiKeyStore implements ApiKeyStore {
  /**
   * Keys seen in this session, in memory only, so the log can mask them exactly even when they do not
   * look like `sk-` keys (Azure keys are plain hex).
   */
  private readonly seen = new Set<string>();

  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(): Promise<string | undefined> {
    // get() may return undefined after a good store when the keyring could not decrypt it: callers re-prompt.
    const key = (await this.secrets.get(secretKey)) ?? undefined;
    if (key) this.seen.add(key);
    return key;
  }

  /** Every key read or stored in this session, for redaction (K5). */
  knownSecrets(): string[] {
    return [...this.seen];
  }

  async store(key: string): Promise<void> {
    this.seen.add(key.trim());
    try {
      await this.secrets.store(secretKey, key.trim());
    } catch (err) {
      throw new Error(
        `VS Code could not save the key in its secret storage (${err instanceof Error ? err.name : 'error'}). ` +
          `On Linux, check that a keyring is available or set "password-store" in argv.json.`,
        { cause: err },
      );
    }
  }

  delete(): Promise<void> {
    return Promise.resolve(this.secrets.delete(secretKey));
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === secretKey) listener();
    });
  }
}
