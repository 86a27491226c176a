import * as z from 'zod';
import { maxPromptChars } from './limits';

/** The manifest ids the panel can refer to an image by. */
export const imageIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * One saved image as the panel sees it: referred to by its manifest id only. `src` is the
 * webview URI the host made for display; the panel never sends a path or URI back.
 */
export const galleryItem = z.object({
  id: z.string().regex(imageIdPattern),
  prompt: z.string().max(maxPromptChars),
  model: z.string().min(1).max(200),
  kind: z.enum(['generate', 'edit']),
  size: z.string().max(20),
  quality: z.string().max(20),
  background: z.string().max(20),
  outputFormat: z.enum(['png', 'jpeg', 'webp']),
  createdAt: z.string().max(40),
  costUsd: z.number().nonnegative().optional(),
  /** Workspace-relative file name, shown as text; absent when the file is missing (a fresh clone). */
  label: z.string().max(1000),
  src: z.string().max(4000).optional(),
}).strict();
export type GalleryItem = z.infer<typeof galleryItem>;
