/** Caps on what crosses the webview boundary; both sides enforce them before anything else. */
import { MAX_PROMPT_CHARS } from '../facts/imageOptions';

/** Largest base64 image (partial preview, mask or dropped image) inside a message. */
export const maxImageBase64Chars = 12 * 1024 * 1024;
/**
 * Largest serialised message either side accepts: an edit of a dropped image with its mask is the biggest legitimate
 * one.
 */
export const maxMessageBytes = 2 * maxImageBase64Chars + 256 * 1024;
/** Longest prompt the panel sends (the API's own cap for GPT image models). */
export const maxPromptChars = MAX_PROMPT_CHARS;
/** Most history items the host sends at once (newest first); older ones are reached by searching. */
export const maxGalleryItems = 300;
/** History items the panel asks for at a time: only these are checked on disk. */
export const historyPageSize = 30;
/**
 * Most images the panel pins into every history window whatever the search: its latest results (10), the image being
 * edited and its references (15).
 */
export const maxPinnedImages = 26;
/** Longest history search. */
export const maxHistoryQueryChars = 200;
/** Most remembered prompts. */
export const maxRecentPrompts = 30;
/** Request ids are counters; anything outside this range is not one of ours. */
export const maxRequestId = 2 ** 31;
