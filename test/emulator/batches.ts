/**
 * The emulator's `/v1/batches`: a batch moves validating → in_progress → finalizing → completed (or failed when its
 * input file is invalid, cancelling → cancelled when cancelled), shaped like the SDK's `Batch`. Lines run one by one
 * through the image handler after `batchLatencyMs`, with their own rate limit (the Batch API has a separate pool).
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from './context';
import { EmulatorError } from './errors';
import { sleep } from './latency';
import { parseBatchInput, runBatchLine, type BatchLineError, type BatchOutputLine } from './batchLines';
import { RateLimiter } from './rateLimiter';
import type { StoredFiles } from './storedFiles';

const DAY_SECONDS = 24 * 60 * 60;

export type BatchStatus =
  'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export interface BatchObject {
  id: string;
  object: 'batch';
  endpoint: string;
  errors: { object: 'list'; data: BatchLineError[] } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
}

export interface BatchesOptions {
  readonly files: StoredFiles;
  readonly now: () => number;
  /** How long a batch stays in_progress before its lines run. */
  readonly latencyMs: number;
  /** Aborted when the emulator closes: running batches stop. */
  readonly closing: AbortSignal;
}

export class Batches {
  private readonly batches = new Map<string, BatchObject>();
  private readonly cancels = new Map<string, AbortController>();
  /** While set, batches wait in_progress before running their lines (see `hold`). */
  private held: { promise: Promise<void>; release: () => void } | undefined;

  constructor(private readonly options: BatchesOptions) {}

  /** Creates the batch (status validating) and starts it in the background. */
  create(
    ctx: EmulatorContext,
    input: { inputFileId: string; endpoint: string; completionWindow: string; metadata: Record<string, string> | null },
  ): BatchObject {
    const created = this.seconds();
    const batch: BatchObject = {
      id: `batch_${randomBytes(12).toString('hex')}`,
      object: 'batch',
      endpoint: input.endpoint,
      errors: null,
      input_file_id: input.inputFileId,
      completion_window: input.completionWindow,
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: created,
      in_progress_at: null,
      expires_at: created + DAY_SECONDS,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: input.metadata,
    };
    this.batches.set(batch.id, batch);
    const cancel = new AbortController();
    this.cancels.set(batch.id, cancel);
    const snapshot = structuredClone(batch);
    // Started after the answer is built, so the creator sees `validating` as the API answers.
    setImmediate(() => void this.run(ctx, batch, cancel.signal));
    return snapshot;
  }

  get(id: string): BatchObject {
    const batch = this.batches.get(id);
    if (!batch)
      throw new EmulatorError(404, {
        message: `No batch found with id '${id}'.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    return structuredClone(batch);
  }

  /** Newest first, with the cursor fields of a list page. */
  list(after: string | undefined, limit: number): { data: BatchObject[]; has_more: boolean } {
    const all = [...this.batches.values()].reverse();
    const start = after === undefined ? 0 : all.findIndex((b) => b.id === after) + 1;
    const page = all.slice(start, start + limit);
    return { data: page.map((b) => structuredClone(b)), has_more: start + limit < all.length };
  }

  /**
   * Keeps every batch in_progress until the returned function is called, so a test can watch that state without racing
   * a timer.
   */
  hold(): () => void {
    if (!this.held) {
      let release = (): void => undefined;
      const promise = new Promise<void>((resolve) => (release = resolve));
      this.held = { promise, release };
    }
    const held = this.held;
    return () => {
      if (this.held === held) this.held = undefined;
      held.release();
    };
  }

  cancel(id: string): BatchObject {
    const batch = this.batches.get(id);
    if (!batch) return this.get(id);
    if (batch.status !== 'validating' && batch.status !== 'in_progress') {
      throw new EmulatorError(409, {
        message: `Cannot cancel a batch with status '${batch.status}'.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    }
    batch.status = 'cancelling';
    batch.cancelling_at = this.seconds();
    this.cancels.get(id)?.abort();
    return structuredClone(batch);
  }

  private async run(ctx: EmulatorContext, batch: BatchObject, cancelled: AbortSignal): Promise<void> {
    const stop = AbortSignal.any([cancelled, this.options.closing]);
    const { lines, errors } = this.readInput(batch);
    if (errors.length > 0) {
      Object.assign(batch, { status: 'failed', failed_at: this.seconds(), errors: { object: 'list', data: errors } });
      return;
    }
    Object.assign(batch, { status: 'in_progress', in_progress_at: this.seconds() });
    batch.request_counts.total = lines.length;
    // Its own limiter: batch lines never count against the synchronous images-per-minute limit.
    const batchCtx: EmulatorContext = {
      ...ctx,
      limiter: new RateLimiter(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, ctx.now),
    };
    const outputs: BatchOutputLine[] = [];
    const failures: BatchOutputLine[] = [];
    if (this.held)
      await Promise.race([
        this.held.promise,
        new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true })),
      ]);
    if (await sleep(this.options.latencyMs, stop)) {
      for (const line of lines) {
        if (stop.aborted) break;
        const { ok, output } = await runBatchLine(batchCtx, line, stop);
        (ok ? outputs : failures).push(output);
        batch.request_counts[ok ? 'completed' : 'failed']++;
      }
    }
    if (this.options.closing.aborted) return;
    if (cancelled.aborted) {
      this.writeResults(batch, outputs, failures);
      Object.assign(batch, { status: 'cancelled', cancelled_at: this.seconds() });
      return;
    }
    Object.assign(batch, { status: 'finalizing', finalizing_at: this.seconds() });
    this.writeResults(batch, outputs, failures);
    Object.assign(batch, { status: 'completed', completed_at: this.seconds() });
  }

  private readInput(batch: BatchObject): ReturnType<typeof parseBatchInput> {
    try {
      const file = this.options.files.get(batch.input_file_id);
      return parseBatchInput(file.bytes.toString('utf8'), batch.endpoint);
    } catch {
      return {
        lines: [],
        errors: [
          {
            code: 'invalid_file',
            line: 1,
            message: `The input file ${batch.input_file_id} could not be read.`,
            param: 'input_file_id',
          },
        ],
      };
    }
  }

  private writeResults(
    batch: BatchObject,
    outputs: readonly BatchOutputLine[],
    failures: readonly BatchOutputLine[],
  ): void {
    const jsonl = (lines: readonly BatchOutputLine[]): Buffer =>
      Buffer.from(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    if (outputs.length > 0)
      batch.output_file_id = this.options.files.add(`${batch.id}_output.jsonl`, 'batch_output', jsonl(outputs)).id;
    if (failures.length > 0)
      batch.error_file_id = this.options.files.add(`${batch.id}_error.jsonl`, 'batch_output', jsonl(failures)).id;
  }

  private seconds(): number {
    return Math.floor(this.options.now() / 1000);
  }
}
