/** Helpers for the transport tests: an emulator on loopback, request builders, and a fake clock. */
import * as assert from 'node:assert/strict';
import { ImageStudioError, type ErrorKind } from '../../../../src/core/errors';
import {
  parseImageRequest,
  type ImageRequest,
  type ImageRequestInput,
} from '../../../../src/core/request/imageRequest';
import { EMULATOR_TEST_KEY, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../emulator';

export { EMULATOR_TEST_KEY };
/** The day the requests are checked against (gpt-image-2 active). */
export const TODAY = new Date('2026-11-30T12:00:00Z');

export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ latencyScale: 0, today: '2026-11-30', ...options });
}

/** A small, cheap generate request; `overrides` replace any field. */
export function generateRequest(
  overrides: Partial<Extract<ImageRequestInput, { kind: 'generate' }>> = {},
): ImageRequest {
  return parseImageRequest(
    {
      kind: 'generate',
      model: 'gpt-image-2',
      prompt: 'a lighthouse at dusk',
      quality: 'low',
      size: '1024x640',
      ...overrides,
    },
    TODAY,
  );
}

/** Awaits a rejection that must be an ImageStudioError of `kind`, and returns it. */
export async function rejectsWithKind(promise: Promise<unknown>, kind: ErrorKind): Promise<ImageStudioError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(
      err instanceof ImageStudioError,
      `expected ImageStudioError ${kind}, got ` +
        (err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err)),
    );
    assert.equal(err.kind, kind, `kind of "${err.message}"`);
    return err;
  }
  assert.fail(`expected ImageStudioError ${kind}, but the call succeeded`);
}

interface Timer {
  readonly at: number;
  readonly resolve: () => void;
}

/** A manual clock: `sleep` resolves only when `advance` moves time past its deadline (or its signal aborts). */
export class FakeClock {
  private time = 1_000_000;
  private timers: Timer[] = [];
  readonly sleeps: number[] = [];

  readonly now = (): number => this.time;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise<void>((resolve) => {
      const timer: Timer = { at: this.time + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
    });
  };

  /** Pending (not yet due) sleeps. */
  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const timer of due) timer.resolve();
    await settle();
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Collects unhandled rejections while a suite runs, so tests can assert there were none. */
export function watchUnhandledRejections(): { readonly seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  return { seen, stop: () => process.off('unhandledRejection', listener) };
}
