/** Public constants of the OpenAI Images API emulator. */

/**
 * The key the emulator accepts when none is configured (CLI without `--api-key`, `startEmulator()` without `apiKey`).
 */
export const EMULATOR_TEST_KEY = 'sk-emulator-test-key';

/**
 * A prompt containing this word (case-insensitive) is refused with 400 `moderation_blocked`, whatever `moderation`
 * says.
 */
export const EMULATOR_MODERATION_MARKER = 'forbidden-fruit';

/** The moderation categories reported for a refused prompt. */
export const EMULATOR_MODERATION_CATEGORIES: readonly string[] = ['illicit'];

/** The organization named in rate-limit messages and the `openai-organization` header. */
export const EMULATOR_ORGANIZATION = 'org-emulator000000000000000';

/** Sent as `openai-version` on every answer, like the real API. */
export const OPENAI_VERSION_HEADER = '2020-10-01';

/** The CLI's default port. */
export const EMULATOR_DEFAULT_PORT = 8787;

/** Upload limit per image file (the real API: "less than 50MB"). */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;

/** Most input images one edit may carry. */
export const MAX_EDIT_IMAGES = 16;

/** Longest prompt, in characters. */
export const MAX_PROMPT_CHARS = 32_000;
