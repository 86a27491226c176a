/** A stable fingerprint of everything in an image request that changes the picture, for the cache. */
import { createHash } from 'node:crypto';
import type { ImageInput, ImageRequest } from './imageRequest';
import { RECORDED_OPTIONS, recordedOptions } from './recordedOptions';

// Bumped when the fields below change, so old manifest entries stop matching instead of matching wrongly.
const HASH_VERSION = 'imagestudio-request-v1';

/**
 * sha256 (hex) of a canonical JSON of the model, prompt, output-affecting options and each input image's and mask's
 * sha256.
 */
export function requestHash(request: ImageRequest): string {
  // Streaming, partial images and user ids change how the answer arrives or is attributed, not the image.
  const recorded: Partial<Record<string, unknown>> = recordedOptions(request);
  const canonical = {
    hashVersion: HASH_VERSION,
    kind: request.kind,
    model: request.model,
    prompt: request.prompt,
    n: request.n,
    ...Object.fromEntries(RECORDED_OPTIONS.map((key) => [key, recorded[key] ?? null])),
    images: request.kind === 'edit' ? request.images.map(describeInput) : [],
    mask: request.kind === 'edit' && request.mask !== undefined ? describeInput(request.mask) : null,
  };
  return sha256Hex(new TextEncoder().encode(canonicalJson(canonical)));
}

/** sha256 (hex) of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function describeInput(input: ImageInput): { sha256: string; mimeType: string } {
  // The upload's file name does not reach the model; its bytes and type do.
  return { sha256: sha256Hex(input.bytes), mimeType: input.mimeType };
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
