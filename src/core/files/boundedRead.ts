/**
 * Reading the files Image Studio keeps (the manifest, batch records, the usage ledger) with a size cap checked before
 * any byte is read: a committed or runaway file can make it refuse with a clear message, never stall or exhaust memory.
 */
import { ImageStudioError } from '../errors';
import { type FileStore, FileStoreError } from './fileStore';

export interface BoundedReadOptions {
  readonly store: FileStore;
  /** Absolute path of the file. */
  readonly path: string;
  readonly maxBytes: number;
  /** Names the file in the message, such as "The image manifest". */
  readonly what: string;
  /** What the person can do about an oversized file, one sentence. */
  readonly advice: string;
}

/** The file's bytes, or undefined when it does not exist; a file over `maxBytes` is refused unread. */
export async function readBoundedFile(options: BoundedReadOptions): Promise<Uint8Array | undefined> {
  const { store, path, maxBytes } = options;
  const stat = await store.stat(path);
  if (stat === undefined) return undefined;
  // A symlink's own size says nothing about its target, so only a plain file's size is trusted before reading.
  if (stat.kind === 'file' && stat.size > maxBytes) throw tooLarge(options, stat.size);
  let bytes: Uint8Array;
  try {
    bytes = await store.readFile(path);
  } catch (err) {
    if (err instanceof FileStoreError && err.code === 'not-found') return undefined;
    throw err;
  }
  // It may have grown since the stat, or been reached through a link.
  if (bytes.length > maxBytes) throw tooLarge(options, bytes.length);
  return bytes;
}

/** A file's content read as JSON, or why it is not JSON (invalid UTF-8 or a syntax error, in the parser's words). */
export type JsonContent =
  | { readonly kind: 'json'; readonly value: unknown; readonly byteLength: number }
  | { readonly kind: 'not-json'; readonly reason: string };

/**
 * The file parsed as UTF-8 JSON, or undefined when it does not exist; a file over `maxBytes` is refused unread.
 * What the content means is the caller's: each file has its own schema and its own answer to a damaged file.
 */
export async function readBoundedJson(options: BoundedReadOptions): Promise<JsonContent | undefined> {
  const bytes = await readBoundedFile(options);
  if (bytes === undefined) return undefined;
  try {
    return {
      kind: 'json',
      value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)),
      byteLength: bytes.length,
    };
  } catch (err) {
    return { kind: 'not-json', reason: err instanceof Error ? err.message : 'unreadable' };
  }
}

/** The error for a file with more entries than Image Studio reads. */
export function tooManyEntries(
  options: Pick<BoundedReadOptions, 'path' | 'what' | 'advice'>,
  count: number,
  max: number,
  noun: string,
): ImageStudioError {
  return new ImageStudioError({ kind: 'too-many-entries', ...fileOf(options), count, max, noun });
}

/** A size for people, in decimal units as file managers show them: 1.5 MB, 32 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.ceil(bytes / 1000)} KB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

function tooLarge(options: BoundedReadOptions, size: number): ImageStudioError {
  return new ImageStudioError({ kind: 'file-too-large', ...fileOf(options), bytes: size, maxBytes: options.maxBytes });
}

function fileOf(options: Pick<BoundedReadOptions, 'path' | 'what' | 'advice'>): {
  what: string;
  path: string;
  advice: string;
} {
  return { what: options.what, path: options.path, advice: options.advice };
}
