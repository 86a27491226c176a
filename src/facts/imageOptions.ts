/**
 * The Images API's option values as OpenAI documents them, in the order messages list them. The one source the
 * engine, the panel protocol, the webview and the CLI read; plain data, so the webview bundle may import it.
 */

export const QUALITIES = ['low', 'medium', 'high', 'xhigh', 'max', 'auto'] as const;
export type Quality = (typeof QUALITIES)[number];
/** What every GPT Image model takes; xhigh and max arrived with gpt-image-2.5. */
export const BASE_QUALITIES: readonly Quality[] = ['low', 'medium', 'high', 'auto'];

export const BACKGROUNDS = ['transparent', 'opaque', 'auto'] as const;
export type Background = (typeof BACKGROUNDS)[number];

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Generations only: the multipart edit endpoint has no moderation field. */
export const MODERATIONS = ['auto', 'low'] as const;
export type Moderation = (typeof MODERATIONS)[number];

/** Edits on 1.x models only. */
export const INPUT_FIDELITIES = ['high', 'low'] as const;

/** The types an input image (or a dropped one) may have. */
export const INPUT_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/** The API's cap on a GPT Image prompt. */
export const MAX_PROMPT_CHARS = 32_000;
