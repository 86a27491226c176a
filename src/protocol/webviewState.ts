import * as z from 'zod';
import { galleryItem } from './gallery';
import { maxPromptChars } from './limits';
import { composeOptions } from './options';

/**
 * What the webview keeps across hide and reload with `setState` (W7): small JSON only, never image bytes
 * or the key. Parsed back from `getState()`, so a stale or foreign shape falls back to defaults.
 */
export const webviewState = z.object({
  draft: z.string().max(maxPromptChars).default(''),
  options: composeOptions.optional(),
  search: z.string().max(200).default(''),
  editImageId: galleryItem.shape.id.optional(),
  referenceIds: z.array(galleryItem.shape.id).max(15).default([]),
  lastResultIds: z.array(galleryItem.shape.id).max(10).default([]),
  editPrompt: z.string().max(maxPromptChars).default(''),
  /** Sections the person folded away. */
  collapsed: z
    .array(z.enum(['compose', 'edit', 'history', 'usage']))
    .max(4)
    .default([]),
});
export type WebviewState = z.infer<typeof webviewState>;
