/**
 * The request's options that shape the picture, besides kind, model, prompt, count and input images: one list that
 * the cache hash, the manifest and regeneration all go by, so an option added to the request reaches all three.
 */
import type { EditRequest, GenerateRequest, ImageRequest } from './imageRequest';

export const RECORDED_OPTIONS = [
  'size',
  'quality',
  'background',
  'outputFormat',
  'outputCompression',
  'moderation',
  'inputFidelity',
] as const;
export type RecordedOption = (typeof RECORDED_OPTIONS)[number];

/** Each recorded option with its request type; the ones only one kind of request has are optional. */
export type RecordedOptions = Pick<GenerateRequest, 'size' | 'quality' | 'background' | 'outputFormat'> &
  Partial<Pick<GenerateRequest, 'outputCompression' | 'moderation'> & Pick<EditRequest, 'inputFidelity'>>;

// Request fields recorded apart (kind, model, prompt, n, the inputs) or that change only how the answer arrives or
// who asked (streaming, partial images, user ids).
type NotRecorded =
  'kind' | 'model' | 'prompt' | 'n' | 'images' | 'mask' | 'stream' | 'partialImages' | 'user' | 'safetyIdentifier';
type Unplaced = Exclude<keyof GenerateRequest | keyof EditRequest, RecordedOption | NotRecorded>;
// A field added to the request schema fails to compile here until it is recorded or named as not recorded.
const everyFieldPlaced: [Unplaced] extends [never] ? true : Unplaced = true;
void everyFieldPlaced;

// And the type names the same options as the list.
type Mismatched = Exclude<RecordedOption, keyof RecordedOptions> | Exclude<keyof RecordedOptions, RecordedOption>;
const sameOptions: [Mismatched] extends [never] ? true : Mismatched = true;
void sameOptions;

/** The request's recorded options; unset ones are left out. */
export function recordedOptions(request: ImageRequest): RecordedOptions {
  const fields: Partial<Record<RecordedOption, unknown>> = request;
  // The schema gives each field its type, and the checks above tie these names to those fields.
  return Object.fromEntries(
    RECORDED_OPTIONS.flatMap((key) => (fields[key] === undefined ? [] : [[key, fields[key]]])),
  ) as RecordedOptions;
}
