/**
 * What `batch submit` remembers in `<workspace>/.imagestudio/batches/<batch id>.json`: which request each custom_id
 * was, and what `batch fetch` already saved, so results can be matched later and never saved twice.
 */
import * as z from 'zod';
import { readBoundedJson, tooManyEntries } from '../core/files/boundedRead';
import { ImageStudioError } from '../core/errors';
import { type FileStore } from '../core/files/fileStore';
import { generateRequestSchema } from '../core/request/imageRequest';
import { ensureImageStudioFolder } from '../core/files/imageStudioFolder';
import { ensureGitIgnore, resolveWorkspacePath } from '../core/files/outputFolder';
import { replaceFile } from '../core/files/replaceFile';

/** Batch ids come from the server and name a file: only this shape is accepted. */
const BATCH_ID = /^[A-Za-z0-9_-]{1,100}$/;
export const BATCH_RECORDS_FOLDER = '.imagestudio/batches';
/** Read caps: the prompts file takes 50,000 lines, and 64 MB holds that many with long prompts and what fetch adds. */
export const MAX_BATCH_RECORD_BYTES = 64_000_000;
export const MAX_BATCH_ITEMS = 50_000;
// What `batch fetch` adds per request (its files and manifest ids), pretty-printed, at most.
const SAVED_BYTES_PER_ITEM = 2048;
const TOO_LARGE = {
  what: 'The batch record',
  advice: 'It is left as it is; if it is not one Image Studio wrote, move it away.',
};

const batchItemSchema = z.object({
  customId: z.string().min(1).max(64),
  /** Line of the prompts file. */
  line: z.number().int().positive(),
  request: generateRequestSchema,
});

const savedLineSchema = z.object({
  files: z.array(z.string()),
  manifestIds: z.array(z.string()),
  costUsd: z.number().nonnegative(),
});

export const batchRecordSchema = z.object({
  version: z.literal(1),
  batchId: z.string().regex(BATCH_ID),
  inputFileId: z.string().min(1),
  endpoint: z.literal('/v1/images/generations'),
  submittedAt: z.iso.datetime({ offset: true }),
  outputFolder: z.string().min(1),
  estimateUsd: z.number().nonnegative(),
  items: z.array(batchItemSchema).min(1),
  /** custom_id → what was saved for it. */
  saved: z.record(z.string(), savedLineSchema),
  /** custom_id → why it failed, as the error file said. */
  failed: z.record(z.string(), z.string()),
  /**
   * custom_id → the cost put in the usage ledger for it, written before its files are saved, so that a save that
   * fails is still counted, and counted once when a later fetch saves it. Records from before it have none.
   */
  recorded: z.record(z.string(), z.number().nonnegative()).default({}),
});

export type BatchRecord = z.output<typeof batchRecordSchema>;
/** A record as written: fields with defaults (`recorded`) may be left out. */
export type BatchRecordInput = z.input<typeof batchRecordSchema>;
export type BatchItem = z.output<typeof batchItemSchema>;

export interface BatchRecordLocation {
  readonly store: FileStore;
  readonly workspaceRoot: string;
}

/** The record's path, inside the workspace and never through a symlink; throws for an id that cannot be a file name. */
export async function batchRecordPath(location: BatchRecordLocation, batchId: string): Promise<string> {
  if (!BATCH_ID.test(batchId)) throw new ImageStudioError({ kind: 'batch-id-invalid', value: batchId });
  return resolveWorkspacePath({
    store: location.store,
    workspaceRoot: location.workspaceRoot,
    relativePath: `${BATCH_RECORDS_FOLDER}/${batchId}.json`,
    expect: 'file',
  });
}

/** Reads and checks a record; undefined when there is none. */
export async function readBatchRecord(
  location: BatchRecordLocation,
  batchId: string,
): Promise<BatchRecord | undefined> {
  const path = await batchRecordPath(location, batchId);
  const content = await readBoundedJson({
    store: location.store,
    path,
    maxBytes: MAX_BATCH_RECORD_BYTES,
    ...TOO_LARGE,
  });
  if (content === undefined) return undefined;
  if (content.kind === 'not-json') throw new ImageStudioError({ kind: 'batch-record-not-json', path });
  const json = content.value;
  const items =
    typeof json === 'object' && json !== null && 'items' in json && Array.isArray(json.items) ? json.items.length : 0;
  if (items > MAX_BATCH_ITEMS) throw tooManyEntries({ path, ...TOO_LARGE }, items, MAX_BATCH_ITEMS, 'requests');
  const parsed = batchRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ImageStudioError({
      kind: 'batch-record-invalid',
      path,
      detail: `${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    });
  }
  if (parsed.data.batchId !== batchId)
    throw new ImageStudioError({
      kind: 'batch-record-mismatch',
      path,
      recorded: parsed.data.batchId,
      asked: batchId,
    });
  return parsed.data;
}

/** Refuses, before a batch is paid for, one whose record would pass the caps its later reads apply. */
export function checkBatchRecordRoom(items: readonly BatchItem[]): void {
  if (items.length > MAX_BATCH_ITEMS) {
    throw new ImageStudioError(
      { kind: 'batch-too-many-requests', requests: items.length, max: MAX_BATCH_ITEMS },
      { notSent: true },
    );
  }
  const bytes = new TextEncoder().encode(JSON.stringify(items, null, 2)).length + items.length * SAVED_BYTES_PER_ITEM;
  if (bytes > MAX_BATCH_RECORD_BYTES) {
    throw new ImageStudioError(
      { kind: 'batch-record-too-large', bytes, maxBytes: MAX_BATCH_RECORD_BYTES },
      { notSent: true },
    );
  }
}

/** Creates `.imagestudio/batches` (never through a symlink), git-ignored; returns its path. */
export async function prepareBatchRecordsFolder(location: BatchRecordLocation): Promise<string> {
  // `.imagestudio/.gitignore` lists batches/ as local.
  await ensureImageStudioFolder(location);
  const resolve = () => resolveWorkspacePath({ ...location, relativePath: BATCH_RECORDS_FOLDER, expect: 'directory' });
  const folder = await resolve();
  await location.store.createDirectory(folder);
  // Re-checked after creating the folder: it must not have become a symlink.
  await resolve();
  // Batch records are this machine's bookkeeping (ids only this account can fetch), not for the repository: their
  // own `*` keeps them out of git even where `.imagestudio/.gitignore` is a person's own file without batches/.
  await ensureGitIgnore(location.store, folder);
  return folder;
}

/** Writes the record atomically (replacing the previous version of the same record). */
export async function writeBatchRecord(location: BatchRecordLocation, record: BatchRecordInput): Promise<string> {
  await prepareBatchRecordsFolder(location);
  const path = await batchRecordPath(location, record.batchId);
  await replaceFile({
    store: location.store,
    path,
    bytes: new TextEncoder().encode(`${JSON.stringify(batchRecordSchema.parse(record), null, 2)}\n`),
  });
  return path;
}
