/**
 * Appending to the manifest in place: the file is rewritten whole only when this process did not write it last.
 * While it did (same identity, same last bytes), an append writes just the new entry and the closing brackets over
 * the old closing brackets, so its cost does not grow with the number of images. The bytes are exactly those the
 * whole rewrite would write, so the tracked file's diffs look the same either way.
 */
import { type FileIdentity, type FileStore } from './fileStore';

/** What this process last wrote to one manifest, enough to append without reading it. */
interface WrittenManifest {
  readonly identity: FileIdentity;
  readonly entries: number;
  readonly bytes: number;
  readonly ids: Set<string>;
  /** The file's last bytes as written (up to `TAIL_BYTES`): the next append checks the file still ends with them. */
  readonly tail: Uint8Array;
}

/** The caps a manifest must stay within. */
export interface ManifestLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

// Pretty-printed with two spaces, as `JSON.stringify(manifest, null, 2)` writes it.
const CLOSING = '\n  ]\n}\n';
const ENTRY_INDENT = '    ';
const CLOSING_BYTES = CLOSING.length;
// Enough to hold the last entry or more of it: a hand edit near the end changes these bytes.
const TAIL_BYTES = 4096;
const encoder = new TextEncoder();
// Per store: two stores may name the same path (tests), and one store's identities mean nothing to another.
const lastWritten = new WeakMap<FileStore, Map<string, WrittenManifest>>();

/** The manifest's bytes as Image Studio writes them: pretty-printed with a final newline (it is reviewed in diffs). */
export function manifestBytes(manifest: { readonly version: 1; readonly images: readonly unknown[] }): Uint8Array {
  return encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Adds `entry` in place when the file is still what this process last wrote, and answers the entry count; answers
 * undefined, writing nothing, when it is not (another process or a person wrote it, or this process never did),
 * when an entry with its id is there already, or when the entry would pass a cap: the caller then reads and
 * rewrites the whole file, which also says what is wrong.
 */
export async function appendInPlace(
  store: FileStore,
  path: string,
  entry: { readonly id: string },
  limits: ManifestLimits,
): Promise<number | undefined> {
  const last = lastWritten.get(store)?.get(path);
  if (store.inPlace === undefined || last === undefined || last.entries === 0 || last.ids.has(entry.id))
    return undefined;
  const text = JSON.stringify(entry, null, 2).split('\n').join(`\n${ENTRY_INDENT}`);
  const replacement = encoder.encode(`,\n${ENTRY_INDENT}${text}${CLOSING}`);
  const bytes = last.bytes - CLOSING_BYTES + replacement.length;
  if (last.entries + 1 > limits.maxEntries || bytes > limits.maxBytes) return undefined;
  // Forgotten first: whatever happens next, a later append must not trust a file this write may have changed.
  forgetWritten(store, path);
  const identity = await store.inPlace.replaceTail(path, {
    identity: last.identity,
    expectedTail: last.tail,
    replaceLast: CLOSING_BYTES,
    replacement,
  });
  if (identity === undefined) return undefined;
  const ids = last.ids.add(entry.id);
  const tail = lastBytes(concat(last.tail.subarray(0, last.tail.length - CLOSING_BYTES), replacement));
  remember(store, path, { identity, entries: last.entries + 1, bytes, ids, tail });
  return last.entries + 1;
}

/**
 * Notes what was just written whole (under the manifest's lock), so the next append can be made in place. Never
 * fails: without an identity the next append simply rewrites the file whole again.
 */
export async function rememberWritten(
  store: FileStore,
  path: string,
  written: { readonly ids: readonly string[]; readonly bytes: Uint8Array },
): Promise<void> {
  forgetWritten(store, path);
  if (store.inPlace === undefined) return;
  const identity = await store.inPlace.identify(path).catch(() => undefined);
  if (identity === undefined) return;
  remember(store, path, {
    identity,
    entries: written.ids.length,
    bytes: written.bytes.length,
    ids: new Set(written.ids),
    tail: lastBytes(written.bytes),
  });
}

/** Drops what this process knew of the file, so the next change reads it whole. */
export function forgetWritten(store: FileStore, path: string): void {
  lastWritten.get(store)?.delete(path);
}

function remember(store: FileStore, path: string, written: WrittenManifest): void {
  let byPath = lastWritten.get(store);
  if (byPath === undefined) {
    byPath = new Map();
    lastWritten.set(store, byPath);
  }
  byPath.set(path, written);
}

function lastBytes(bytes: Uint8Array): Uint8Array {
  return bytes.slice(Math.max(0, bytes.length - TAIL_BYTES));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
