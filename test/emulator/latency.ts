/**
 * The latency model: at 1024x1024, low 8 s, medium 20 s, high 60 s, xhigh 90 s, max 120 s, scaled by
 * pixels / (1024*1024) and multiplied by `latencyScale` (0 in tests, ~0.1-1 for demos).
 */
import type { Dimensions } from './sizes';
import type { Quality } from './validation';

export const BASE_LATENCY_MS: Readonly<Record<Quality, number>> = {
  low: 8_000,
  medium: 20_000,
  high: 60_000,
  xhigh: 90_000,
  max: 120_000,
};

export function latencyMs(quality: Quality, size: Dimensions, scale: number): number {
  if (scale <= 0) return 0;
  return Math.round(BASE_LATENCY_MS[quality] * ((size.width * size.height) / (1024 * 1024)) * scale);
}

/** Waits `ms`, or less if the signal aborts (server closing, client gone). Resolves false when aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
