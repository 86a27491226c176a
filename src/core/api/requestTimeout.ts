/** How long one Images API call may take before we give up: generous, because cutting off a render wastes paid work. */
import { resolveSize, type ImageRequest } from '../request/imageRequest';
import type { Quality } from '../../facts/imageOptions';

/** No request ever gets less: even `low` can take over a minute when the API is busy. */
export const MIN_REQUEST_TIMEOUT_MS = 2 * 60_000;
/** No request ever gets more: past this the user is better served by an error than a spinner. */
export const MAX_REQUEST_TIMEOUT_MS = 30 * 60_000;

// For one 1024x1024 image. High quality takes minutes; a timeout under ~3 minutes for `high`
// cuts off work that is billed anyway. `auto` may pick high, so it gets high's budget.
const BASE_TIMEOUT_MS: Readonly<Record<Quality, number>> = {
  low: 2 * 60_000,
  medium: 4 * 60_000,
  high: 6 * 60_000,
  auto: 6 * 60_000,
  xhigh: 10 * 60_000,
  max: 10 * 60_000,
};

const REFERENCE_PIXELS = 1024 * 1024;
// Extra images in one call are rendered largely in parallel, so each adds a fraction of the base.
const EXTRA_IMAGE_SHARE = 0.25;
// Uploading up to 16 input images and reading them adds time to an edit.
const EDIT_EXTRA_MS = 60_000;

/** The timeout in ms for `request`, scaled by quality, pixel count, `n` and edits; never under 2 minutes. */
export function timeoutFor(request: Pick<ImageRequest, 'kind' | 'quality' | 'size' | 'n'>): number {
  const { width, height } = resolveSize(request);
  const pixelFactor = Math.max(1, (width * height) / REFERENCE_PIXELS);
  const imageFactor = 1 + EXTRA_IMAGE_SHARE * Math.max(0, request.n - 1);
  const editExtra = request.kind === 'edit' ? EDIT_EXTRA_MS : 0;
  const ms = BASE_TIMEOUT_MS[request.quality] * pixelFactor * imageFactor + editExtra;
  return Math.round(Math.min(MAX_REQUEST_TIMEOUT_MS, Math.max(MIN_REQUEST_TIMEOUT_MS, ms)));
}
