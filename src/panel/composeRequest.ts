import { ImageStudioError } from '../core/errors';
import { estimateCost, formatUsd } from '../core/spend/estimateCost';
import { requestOptions } from '../core/request/requestOptions';
import { parseImageRequest, type ImageInput, type ImageRequest } from '../core/request/imageRequest';
import type { ResultFor } from '../protocol/messages';
import type { ComposeOptions } from '../protocol/options';

/** Images for an edit: the picture to change first, then references, and the optional mask. */
export interface EditInputs {
  readonly images: readonly ImageInput[];
  readonly mask?: ImageInput;
}

/**
 * The panel's options as a core request, checked against the model's rules (throws ImageStudioError with the reason).
 */
export function composeRequest(
  prompt: string,
  options: ComposeOptions,
  partialImages: number,
  edit?: EditInputs,
  today = new Date(),
): ImageRequest {
  return parseImageRequest(
    {
      kind: edit ? 'edit' : 'generate',
      prompt,
      ...requestOptions({ ...options, partialImages }),
      ...(edit ? { images: [...edit.images], ...(edit.mask ? { mask: edit.mask } : {}) } : {}),
    },
    today,
  );
}

// An empty draft still gets an estimate: the prompt's own tokens are a rounding error next to the image's.
const placeholderPrompt = 'an image';

/** The live estimate for the compose form; invalid options come back as the error the person must fix. */
export function estimateFor(
  prompt: string,
  options: ComposeOptions,
  partialImages: number,
  edit?: EditInputs,
): ResultFor<'estimate'> {
  const request = composeRequest(prompt.trim() === '' ? placeholderPrompt : prompt, options, partialImages, edit);
  const estimate = estimateCost(request);
  const perImage = request.n > 1 ? ` for ${request.n} images` : '';
  return {
    kind: 'estimate',
    usd: estimate.usd,
    text: `up to ${formatUsd(estimate.usd)}${perImage}`,
    notes: estimate.breakdown.notes.slice(0, 10),
  };
}

/** True for the errors a person fixes in the form (an option the model refuses), as opposed to failures. */
export function isOptionError(err: unknown): err is ImageStudioError {
  return err instanceof ImageStudioError && (err.kind === 'invalid-option' || err.kind === 'invalid-image');
}
