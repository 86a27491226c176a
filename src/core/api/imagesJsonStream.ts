/**
 * Reads an Images API JSON answer as it arrives, decoding each `b64_json` value into bytes on the way, so a 4K image
 * is never held as a whole JSON text, a parsed string and its bytes at once (three to four times its size). The rest
 * of the answer (usage, size, quality…) is small: it is kept as JSON text with each image replaced by a placeholder
 * and parsed at the end.
 */
import { ImageStudioError } from '../errors';

/**
 * What a streamed answer held: the JSON without its images, and each image's bytes in the order they came, or why
 * that one image could not be used (the others in the answer are still good, and paid for).
 */
export interface StreamedImagesJson {
  /** The parsed answer; each `b64_json` holds `imagePlaceholder(n)` for the n-th image instead of its base64. */
  readonly json: unknown;
  readonly images: readonly (Uint8Array | ImageStudioError)[];
}

export interface ReadImagesJsonOptions {
  /** The most bytes one decoded image may have; more is refused before it is all read. */
  readonly maxImageBytes: number;
  /** The most bytes of JSON outside the images; more is refused. */
  readonly maxOtherBytes: number;
  /** The most images the answer may hold (the request's `n`); more is refused, so memory stays bounded. */
  readonly maxImages: number;
  /** The answer's length when the server said it (Content-Length): sizes the first image's buffer in one step. */
  readonly bodyBytes?: number;
}

/** The text standing for the n-th image in `StreamedImagesJson.json`. */
export function imagePlaceholder(index: number): string {
  return `<image ${index}>`;
}

const IMAGE_KEY = 'b64_json';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const SLASH = 0x2f;

/**
 * Reads `body` to its end. An image that is not strict base64 or is too large is reported in its place; an answer
 * that is not JSON, too long besides its images or holds more images than asked throws ImageStudioError
 * 'image-invalid'. A failure to read the body (a cut connection) is thrown as the stream threw it.
 */
export async function readImagesJson(
  body: AsyncIterable<Uint8Array>,
  options: ReadImagesJsonOptions,
): Promise<StreamedImagesJson> {
  const scanner = new ImagesJsonScanner(options);
  for await (const chunk of body) scanner.push(chunk);
  return scanner.finish();
}

/**
 * A byte-level scanner: JSON's structure is ASCII, so quotes, backslashes and colons are found without decoding
 * UTF-8. Outside image values the bytes are copied; inside, they go to a base64 decoder.
 */
class ImagesJsonScanner {
  private readonly other: Uint8Array[] = [];
  private otherBytes = 0;
  private readonly images: (Uint8Array | ImageStudioError)[] = [];
  /** Why the image being read cannot be used; the rest of its value is skipped, not decoded. */
  private imageError: ImageStudioError | undefined;
  private inString = false;
  private escaped = false;
  /** Bytes of the string being read outside images, kept only while it may still be the key `b64_json`. */
  private stringStart: number[] | undefined;
  /** The last string closed, when it may be a key: `b64_json` or not. */
  private lastString: string | undefined;
  private afterKey = false;
  private image: Base64Decoder | undefined;

  constructor(private readonly options: ReadImagesJsonOptions) {}

  push(chunk: Uint8Array): void {
    let copyFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (this.image) {
        // Inside an image value: find its closing quote and decode everything before it in one go.
        const end = chunk.indexOf(QUOTE, i);
        const stop = end === -1 ? chunk.length : end;
        if (!this.imageError) this.imageError = failureOf(() => this.image?.push(chunk.subarray(i, stop)));
        if (end === -1) {
          copyFrom = chunk.length;
          break;
        }
        const decoder = this.image;
        let bytes: Uint8Array | undefined;
        this.imageError ??= failureOf(() => (bytes = decoder.finish()));
        this.images.push(this.imageError ?? bytes ?? new Uint8Array(0));
        this.image = undefined;
        this.imageError = undefined;
        this.keep(new TextEncoder().encode(JSON.stringify(imagePlaceholder(this.images.length - 1))));
        copyFrom = end + 1;
        i = end;
        continue;
      }
      const byte = chunk[i] ?? 0;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) {
          this.inString = false;
          this.lastString = this.stringStart ? String.fromCharCode(...this.stringStart) : undefined;
          this.stringStart = undefined;
          continue;
        }
        if (this.stringStart) {
          this.stringStart.push(byte);
          if (this.stringStart.length > IMAGE_KEY.length) this.stringStart = undefined;
        }
        continue;
      }
      if (byte === QUOTE) {
        if (this.afterKey) {
          // The value of `b64_json` starts: what came before it is kept, the value itself is decoded.
          this.afterKey = false;
          this.keep(chunk.subarray(copyFrom, i));
          if (this.images.length >= this.options.maxImages) {
            throw new ImageStudioError({
              kind: 'image-invalid',
              detail: `the answer holds more than the ${this.options.maxImages} image(s) asked for`,
            });
          }
          this.image = new Base64Decoder(this.options, this.images.length);
          copyFrom = i + 1;
          continue;
        }
        this.inString = true;
        this.stringStart = [];
        continue;
      }
      if (byte === COLON) {
        this.afterKey = this.lastString === IMAGE_KEY;
        this.lastString = undefined;
        continue;
      }
      if (!isJsonSpace(byte)) {
        this.afterKey = false;
        this.lastString = undefined;
      }
    }
    if (copyFrom < chunk.length) this.keep(chunk.subarray(copyFrom));
  }

  /** The whole body has arrived: what it holds that is not JSON is a bad answer (with its request id), not a lost
   * connection, which only the reading itself can report. */
  finish(): StreamedImagesJson {
    const unreadable = (detail: string): ImageStudioError =>
      new ImageStudioError({ kind: 'image-invalid', detail: `the answer ${detail}` });
    if (this.image || this.inString) throw unreadable('ended inside a string');
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(concat(this.other, this.otherBytes));
      return { json: JSON.parse(text) as unknown, images: this.images };
    } catch {
      throw unreadable('is not valid JSON');
    }
  }

  private keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.otherBytes += bytes.length;
    if (this.otherBytes > this.options.maxOtherBytes) {
      throw new ImageStudioError({
        kind: 'image-invalid',
        detail: `the answer holds more than ${this.options.maxOtherBytes} bytes besides its images`,
      });
    }
    // A copy: the chunk's buffer may be reused by the stream.
    this.other.push(bytes.slice());
  }
}

/** Runs `step`; an ImageStudioError it throws is returned (one image is unusable), anything else is thrown on. */
function failureOf(step: () => void): ImageStudioError | undefined {
  try {
    step();
    return undefined;
  } catch (err) {
    if (err instanceof ImageStudioError) return err;
    throw err;
  }
}

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// Standard alphabet only: no whitespace, no URL-safe letters, `=` only as padding at the end.
const BASE64_VALUE = new Int16Array(256).fill(-1);
for (const [index, letter] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries())
  BASE64_VALUE[letter.charCodeAt(0)] = index;
const PAD = 0x3d;
// Decoded in slices of this many base64 characters (a multiple of 4). Small enough that each slice's text is a
// young-generation string the next scavenge frees: a larger one lands in large-object space, which only a full
// collection frees, so the dead slices of a 4K image would pile up to its size before one.
const DECODE_SLICE = 1 << 16;

/**
 * Strict base64 to bytes, fed in pieces. The bytes go into one buffer that doubles as it fills, capped at the
 * image limit, so the image is held once, not as text and bytes.
 */
class Base64Decoder {
  private pending = new Uint8Array(0);
  private bytes: Buffer;
  private length = 0;
  private seen = 0;
  private escaped = false;

  private readonly maxBytes: number;

  constructor(
    options: ReadImagesJsonOptions,
    private readonly index: number,
  ) {
    this.maxBytes = options.maxImageBytes;
    // Base64 is four characters for three bytes: the whole answer's length bounds the first image's (later ones grow).
    const hinted = options.bodyBytes !== undefined && index === 0 ? Math.ceil((options.bodyBytes * 3) / 4) : 0;
    this.bytes = Buffer.alloc(Math.min(this.maxBytes, Math.max(64 * 1024, hinted)));
  }

  push(piece: Uint8Array): void {
    const clean = this.unescape(piece);
    const joined =
      this.pending.length === 0 ? clean : concat([this.pending, clean], this.pending.length + clean.length);
    let whole = joined.length - (joined.length % 4);
    // The last quartet may hold padding: keep it until the value ends.
    if (whole === joined.length && whole > 0) whole -= 4;
    for (let start = 0; start < whole; start += DECODE_SLICE)
      this.decode(joined.subarray(start, Math.min(whole, start + DECODE_SLICE)), 0);
    this.pending = joined.slice(whole);
  }

  finish(): Uint8Array {
    if (this.escaped) this.fail('ends with a lone backslash');
    const last = this.pending;
    // `push` always holds the last quartet back, so a well-formed value leaves exactly four characters here.
    if (last.length === 0) this.fail('is empty');
    if (last.length !== 4) this.fail('has a wrong length or padding');
    this.decode(last, last[3] !== PAD ? 0 : last[2] === PAD ? 2 : 1);
    // A view when little of the buffer is unused; a copy otherwise, so the spare room is not held with the image.
    return this.length >= this.bytes.length * 0.8
      ? this.bytes.subarray(0, this.length)
      : new Uint8Array(this.bytes.subarray(0, this.length));
  }

  /** JSON may escape `/` as `\/`; any other escape cannot occur in base64 and is refused. */
  private unescape(piece: Uint8Array): Uint8Array {
    if (!this.escaped && piece.indexOf(BACKSLASH) === -1) return piece;
    const out = new Uint8Array(piece.length);
    let n = 0;
    for (const byte of piece) {
      if (this.escaped) {
        if (byte !== SLASH) this.fail('holds an escaped character');
        out[n++] = SLASH;
        this.escaped = false;
      } else if (byte === BACKSLASH) this.escaped = true;
      else out[n++] = byte;
    }
    return out.subarray(0, n);
  }

  /** Decodes whole quartets; only the value's last quartet may end in `padding` `=` signs. */
  private decode(quartets: Uint8Array, padding: number): void {
    const dataEnd = quartets.length - padding;
    for (let i = 0; i < dataEnd; i++) {
      if ((BASE64_VALUE[quartets[i] ?? 0] ?? -1) < 0)
        this.fail(`has an invalid character at position ${this.seen + i}`);
    }
    if (padding > 0) {
      const lastValue = BASE64_VALUE[quartets[dataEnd - 1] ?? 0] ?? 0;
      // Canonical encoding: the bits the padding drops must be zero.
      if ((padding === 2 && (lastValue & 0x0f) !== 0) || (padding === 1 && (lastValue & 0x03) !== 0))
        this.fail('has a wrong length or padding');
    }
    const text = Buffer.from(quartets.buffer, quartets.byteOffset, quartets.length).toString('latin1');
    // Decoded straight into the image's buffer: no bytes in between.
    this.makeRoom((quartets.length / 4) * 3 - padding);
    this.length += this.bytes.write(text, this.length, 'base64');
    this.seen += quartets.length;
  }

  private makeRoom(more: number): void {
    const needed = this.length + more;
    if (needed > this.maxBytes) this.fail(`is over the ${this.maxBytes}-byte limit`);
    if (needed > this.bytes.length) {
      const grown = Buffer.alloc(Math.min(this.maxBytes, Math.max(needed, this.bytes.length * 2)));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
  }

  private fail(what: string): never {
    throw new ImageStudioError({ kind: 'image-invalid', detail: `image ${this.index + 1} in the answer ${what}` });
  }
}
