/** Random lowercase hex for names and tokens: temporary files, file-name suffixes, lock tokens, manifest ids. */
import { randomBytes } from 'node:crypto';

/** `byteCount` random bytes as 2 × `byteCount` hex digits (crypto, never Math.random: W2). */
export function randomHex(byteCount: number): string {
  return randomBytes(byteCount).toString('hex');
}
