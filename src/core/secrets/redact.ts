/** Removes API keys and auth headers from text and objects before they are shown or logged (rule K5). */

const MASK = '***';
const MIN_SECRET_LENGTH = 4;
const MAX_DEPTH = 12;
// A known secret this long or longer also has its pieces masked: any run of 8 of its characters, and a first or
// last 4 or more beside masking characters, as OpenAI's 401 echoes a key (`abcd****wxyz`, `sk-proj-…abcd`).
const FRAGMENT_SECRET_LENGTH = 8;
const MIN_SUBSTRING = 8;
const MIN_EDGE = 4;
// Characters a masked echo hides the middle of a key with, and the key-like characters on either side.
const MASKED_RUN = /([A-Za-z0-9_-]*)((?:[*\u2022\u2026]|\.{2,})+)([A-Za-z0-9_-]*)/g;
// Four or more asterisks inside a key-like word: a masked echo of some key, known or not.
const MASKED_WORD = /[A-Za-z0-9_-]*[*\u2022]{4,}[A-Za-z0-9_-]*/g;
// Two masks with only masking characters between them (`***…***`) read as one.
const JOINED_MASKS = /\*{3}(?:[*\u2022\u2026]|\.{2,})*\*{3}/g;

// `sk-` keys, including `sk-proj-...` and OpenAI's masked echoes such as `sk-abc***...***wxyz`.
const OPENAI_KEY = /\bsk-[A-Za-z0-9_*.-]{4,}/g;
// Header- or assignment-shaped secrets: `Authorization: Bearer x`, `api-key: x`, `"apiKey": "x"`,
// `OPENAI_API_KEY=x`.
const SECRET_HEADER_NAMES = [
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api[-_ ]?key',
  'apikey',
  'openai_api_key',
  'access[-_]?token',
  'client[-_]?secret',
].join('|');
const HEADER_SECRET = new RegExp(
  `((?:${SECRET_HEADER_NAMES})["']?\\s*[:=]\\s*["']?)(?:(?:bearer|basic|token)\\s+)?[^\\s"',;}\\]]+`,
  'gi',
);
const BEARER = /\b(bearer)\s+[A-Za-z0-9_*.~+/=-]+/gi;

/**
 * Returns `text` with known secrets (whole or in part), `sk-` keys, masked key echoes, bearer tokens and auth header
 * values masked.
 */
export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  // Longest first so that a secret containing another is masked whole.
  const secrets = [...new Set(knownSecrets)]
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of secrets) {
    result = result.split(secret).join(MASK);
  }
  for (const secret of secrets) {
    if (secret.length >= FRAGMENT_SECRET_LENGTH) result = maskEdgesBesideMasks(maskSubstrings(result, secret), secret);
  }
  result = result.replace(OPENAI_KEY, (match) => {
    // Keep a sentence's final dot ("...wxyz.") outside the mask so the message still reads well.
    const trailingDots = /\.+$/.exec(match)?.[0] ?? '';
    return `sk-${MASK}${trailingDots}`;
  });
  result = result.replace(MASKED_WORD, MASK).replace(JOINED_MASKS, MASK);
  result = result.replace(HEADER_SECRET, (_match, prefix: string) => `${prefix}${MASK}`);
  result = result.replace(BEARER, (_match, word: string) => `${word} ${MASK}`);
  return result;
}

/** Masks every run of `text` made of overlapping 8-character pieces of `secret` (a key quoted in part). */
function maskSubstrings(text: string, secret: string): string {
  const covered = new Uint8Array(text.length);
  let any = false;
  for (let start = 0; start + MIN_SUBSTRING <= secret.length; start++) {
    const piece = secret.slice(start, start + MIN_SUBSTRING);
    for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + 1)) {
      covered.fill(1, at, at + MIN_SUBSTRING);
      any = true;
    }
  }
  if (!any) return text;
  let out = '';
  for (let index = 0; index < text.length; index++) {
    if (covered[index] === 0) out += text[index];
    else if (index === 0 || covered[index - 1] === 0) out += MASK;
  }
  return out;
}

/** Masks the secret's first (or last) 4+ characters where they stand right before (or after) masking characters. */
function maskEdgesBesideMasks(text: string, secret: string): string {
  return text.replace(MASKED_RUN, (match, before: string, _run: string, after: string) => {
    const head = before.length >= MIN_EDGE && secret.startsWith(before);
    const tail = after.length >= MIN_EDGE && secret.endsWith(after);
    if (!head && !tail) return match;
    return `${head ? '' : before}${MASK}${tail ? '' : after}`;
  });
}

const SECRET_KEY_NAME = new RegExp(
  '^(' +
    'authorization|proxy-authorization|x-api-key|api[-_]?key|apikey|openai_api_key|password|passwd|secret|' +
    'client[-_]?secret|token|access[-_]?token|refresh[-_]?token|cookie|set-cookie' +
    ')$',
  'i',
);

/**
 * Returns a redacted deep copy of `value` for logs: secret-named fields masked, strings redacted, bytes summarised,
 * cycles cut.
 */
export function redactDeep(value: unknown, knownSecrets: readonly string[] = []): unknown {
  return redactValue(value, knownSecrets, new WeakSet<object>(), 0);
}

function redactValue(value: unknown, secrets: readonly string[], seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? String(typeof value) : value;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value.toISOString();
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, seen, depth + 1));
    if (value instanceof Error) {
      const copy: Record<string, unknown> = { name: value.name, message: redact(value.message, secrets) };
      if (value.stack !== undefined) copy['stack'] = redact(value.stack, secrets);
      copyEntries(Object.entries(value), copy, secrets, seen, depth);
      if ('cause' in value && value.cause !== undefined)
        copy['cause'] = redactValue(value.cause, secrets, seen, depth + 1);
      return copy;
    }
    if (value instanceof Map) {
      return redactValue(Object.fromEntries(value), secrets, seen, depth + 1);
    }
    if (isHeadersLike(value)) {
      const entries: [string, unknown][] = [];
      value.forEach((headerValue, name) => entries.push([name, headerValue]));
      const copy: Record<string, unknown> = {};
      copyEntries(entries, copy, secrets, seen, depth);
      return copy;
    }
    const copy: Record<string, unknown> = {};
    copyEntries(Object.entries(value), copy, secrets, seen, depth);
    return copy;
  } finally {
    seen.delete(value);
  }
}

function copyEntries(
  entries: readonly [string, unknown][],
  target: Record<string, unknown>,
  secrets: readonly string[],
  seen: WeakSet<object>,
  depth: number,
): void {
  for (const [key, entryValue] of entries) {
    target[key] =
      SECRET_KEY_NAME.test(key) && entryValue !== undefined && entryValue !== null
        ? MASK
        : redactValue(entryValue, secrets, seen, depth + 1);
  }
}

interface HeadersLike {
  forEach(callback: (value: string, name: string) => void): void;
  get(name: string): string | null;
}

function isHeadersLike(value: object): value is HeadersLike {
  return typeof Headers !== 'undefined' && value instanceof Headers;
}
