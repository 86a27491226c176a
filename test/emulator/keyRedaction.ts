/**
 * How the 401 message echoes a wrong key, like the real API: the first characters (at most 8, at most
 * a third of the key), asterisks, and the last 4 characters for keys of 12 characters or more.
 */
export function maskKey(key: string): string {
  const prefix = key.slice(0, Math.min(8, Math.floor(key.length / 3)));
  const suffix = key.length >= 12 ? key.slice(-4) : '';
  return `${prefix}${'*'.repeat(Math.max(3, key.length - prefix.length - suffix.length))}${suffix}`;
}
