/**
 * Helpers for the emulator's tests: a real SDK client pointed at a running emulator, image decoding, error assertions.
 */
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import sharp = require('sharp');
import { EMULATOR_TEST_KEY, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator';

/** A fixed "today" so model lifecycle tests do not depend on the machine's clock. */
export const TODAY = '2026-11-30';

export function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ latencyScale: 0, today: TODAY, ...options });
}

export function sdk(
  emulator: RunningEmulator,
  options: { apiKey?: string; maxRetries?: number; timeout?: number } = {},
): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey ?? EMULATOR_TEST_KEY,
    baseURL: emulator.baseUrl,
    organization: null,
    project: null,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeout ?? 20_000,
  });
}

export interface Decoded {
  readonly format: string | undefined;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly hasAlpha: boolean;
  /** Pixels whose alpha is 0. */
  readonly transparentPixels: number;
}

export async function decode(b64: string | undefined): Promise<Decoded> {
  assert.ok(b64, 'expected b64_json');
  const bytes = Buffer.from(b64, 'base64');
  const meta = await sharp(bytes).metadata();
  let transparentPixels = 0;
  if (meta.hasAlpha) {
    const alpha = await sharp(bytes).extractChannel(3).raw().toBuffer();
    for (const a of alpha) if (a === 0) transparentPixels++;
  }
  return { format: meta.format, width: meta.width, height: meta.height, hasAlpha: meta.hasAlpha, transparentPixels };
}

export interface ExpectedError {
  readonly status?: number | undefined;
  readonly code?: string | null;
  readonly param?: string | null;
  readonly type?: string;
  readonly message?: RegExp;
}

/** Awaits a rejection of class `cls` and checks its status/code/param/type/message. */
export async function rejectsWith<T extends Error>(
  promise: Promise<unknown>,
  cls: abstract new (...args: never[]) => T,
  expected: ExpectedError = {},
): Promise<T> {
  try {
    await promise;
  } catch (e) {
    assert.ok(
      e instanceof cls,
      `expected ${cls.name}, got ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`,
    );
    const err = e as T & { status?: number; code?: string | null; param?: string | null; type?: string };
    if ('status' in expected) assert.equal(err.status, expected.status);
    if ('code' in expected) assert.equal(err.code, expected.code);
    if ('param' in expected) assert.equal(err.param, expected.param);
    if (expected.type !== undefined) assert.equal(err.type, expected.type);
    if (expected.message) assert.match(err.message, expected.message);
    return e;
  }
  assert.fail(`expected ${cls.name}, but the call succeeded`);
}

/** A solid PNG (RGBA when `alpha`), for edits. */
export function png(width: number, height: number, colour = '#3366cc', alpha = false): Promise<Buffer> {
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background: colour } })
    .png()
    .toBuffer();
}

/** A mask PNG with alpha: transparent (to edit) on the left half, opaque on the right. */
export async function halfMask(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw[(y * width + x) * 4 + 3] = x < width / 2 ? 0 : 255;
  }
  return sharp(raw, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}
