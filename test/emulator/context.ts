/** What handlers share: options, clock, limiter, log and the server-wide abort signal. */
import type { Batches } from './batches';
import type { FaultScript } from './faults';
import type { StoredFiles } from './storedFiles';
import type { RateLimiter } from './rateLimiter';
import type { RenderCache } from './renderCache';

export interface EmulatorContext {
  readonly apiKey: string;
  readonly now: () => number;
  /** `YYYY-MM-DD` deciding the model lifecycle. */
  readonly today: () => string;
  readonly latencyScale: number;
  /** Photo-like grain in every image (see photoGrain.ts). */
  readonly photoGrain: boolean;
  /** Encoded generations by what decides their bytes. */
  readonly renders: RenderCache;
  readonly maxImageBytes: number;
  readonly limiter: RateLimiter;
  readonly script: FaultScript;
  readonly files: StoredFiles;
  readonly batches: Batches;
}
