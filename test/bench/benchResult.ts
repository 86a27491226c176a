/** One line of the bench's table, and the small helpers every measurement uses. */
import { performance } from 'node:perf_hooks';

export interface BenchResult {
  readonly name: string;
  readonly ratio: number;
  /** The ratio must be at least (`>=`) or at most (`<=`) this; none for a line the issue asks to see, not to meet. */
  readonly target?: { readonly op: '>=' | '<='; readonly value: number };
  readonly detail: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

export function metTarget(result: BenchResult): boolean {
  if (!result.target) return true;
  return result.target.op === '>=' ? result.ratio >= result.target.value : result.ratio <= result.target.value;
}
