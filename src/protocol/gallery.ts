import * as z from 'zod';
import { OUTPUT_FORMATS } from '../facts/imageOptions';
import { agentMark } from './agentMark';
import { maxGalleryItems, maxHistoryQueryChars, maxPinnedImages, maxPromptChars } from './limits';

/** The manifest ids the panel can refer to an image by. */
export const imageIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * One saved image as the panel sees it: referred to by its manifest id only. `src` is the
 * webview URI the host made for display; the panel never sends a path or URI back.
 */
export const galleryItem = z
  .object({
    id: z.string().regex(imageIdPattern),
    prompt: z.string().max(maxPromptChars),
    model: z.string().min(1).max(200),
    kind: z.enum(['generate', 'edit']),
    size: z.string().max(20),
    quality: z.string().max(20),
    background: z.string().max(20),
    outputFormat: z.enum(OUTPUT_FORMATS),
    createdAt: z.string().max(40),
    costUsd: z.number().nonnegative().optional(),
    /** Workspace-relative file name, shown as text. */
    label: z.string().max(1000),
    /**
     * What the host found on disk: `missing` after a clone (regenerable), `unavailable` when the manifest's
     * path fails the workspace check (outside it, through a symbolic link, not a file): never shown or acted on.
     */
    availability: z.enum(['available', 'missing', 'unavailable']),
    /** Why an image is unavailable, shown as text. */
    reason: z.string().max(300).optional(),
    src: z.string().max(4000).optional(),
    /** Set when an agent made the image: shown as "by an agent" with its client and tool. */
    agent: agentMark.optional(),
  })
  .strict();
export type GalleryItem = z.infer<typeof galleryItem>;

/**
 * The part of the history the panel shows: the newest `items` among the entries matching `query`
 * (checked on disk a page at a time), how many match and how many there are in all.
 */
export const historyWindow = z
  .object({
    query: z.string().max(maxHistoryQueryChars),
    items: z.array(galleryItem).max(maxGalleryItems),
    matching: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    /** The images the panel pinned (by id), found whatever the search. */
    pinned: z.array(galleryItem).max(maxPinnedImages),
    /** Manifests that could not be read (too large, corrupt, behind a link), each said as text. */
    notices: z.array(z.string().max(1000)).max(10),
  })
  .strict();
export type HistoryWindow = z.infer<typeof historyWindow>;
