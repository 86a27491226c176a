/**
 * Where the API key lives. The extension passes one built on SecretStorage, the CLI one that reads the
 * environment; nothing else ever holds the key.
 */
export interface ApiKeyStore {
  get(): Promise<string | undefined>;
  store(key: string): Promise<void>;
  delete(): Promise<void>;
}

/** Trims a typed or pasted key and refuses blank ones; returns a message for the input box, or undefined when valid. */
export function validateApiKeyInput(value: string): string | undefined {
  const key = value.trim();
  if (key.length === 0) return 'Enter an API key (it starts with "sk-").';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks.';
  return undefined;
}
