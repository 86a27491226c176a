/** Options of `startEmulator` and their defaults. */
import { EMULATOR_TEST_KEY, MAX_IMAGE_FILE_BYTES } from './constants';
import { isoDay } from './models';

export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The only key accepted (default `EMULATOR_TEST_KEY`). */
  apiKey?: string;
  /** Images per minute over a sliding 60 s window; `n` counts per image (default 250, tier 5). */
  imagesPerMinute?: number;
  /** Tokens per minute, reported in the `x-ratelimit-*-tokens` headers only (default 8,000,000). */
  tokensPerMinute?: number;
  /** Multiplies the latency model (default 0: answer at once). */
  latencyScale?: number;
  /** Clock in Unix ms for rate limits and `created` (default Date.now). */
  now?: () => number;
  /** The day (`YYYY-MM-DD`) that decides which models are shut down (default: the day of `now()`). */
  today?: string | (() => string);
  /** Upload limit per file (default 50 MB; files must be smaller). */
  maxImageBytes?: number;
  /** How long a batch stays in_progress before its lines run (default 0), so tests can watch it progress. */
  batchLatencyMs?: number;
  /** Photo-like grain in every image, so PNGs weigh what real ones do (the bench's payloads); default false. */
  photoGrain?: boolean;
}

export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly apiKey: string;
  readonly imagesPerMinute: number;
  readonly tokensPerMinute: number;
  readonly latencyScale: number;
  readonly now: () => number;
  readonly today: () => string;
  readonly maxImageBytes: number;
  readonly batchLatencyMs: number;
  readonly photoGrain: boolean;
}

export function resolveOptions(o: EmulatorOptions = {}): ResolvedOptions {
  const now = o.now ?? Date.now;
  const today = o.today;
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    apiKey: o.apiKey ?? EMULATOR_TEST_KEY,
    imagesPerMinute: o.imagesPerMinute ?? 250,
    tokensPerMinute: o.tokensPerMinute ?? 8_000_000,
    latencyScale: o.latencyScale ?? 0,
    now,
    today: typeof today === 'string' ? () => today : (today ?? (() => isoDay(now()))),
    maxImageBytes: o.maxImageBytes ?? MAX_IMAGE_FILE_BYTES,
    batchLatencyMs: o.batchLatencyMs ?? 0,
    photoGrain: o.photoGrain ?? false,
  };
}
