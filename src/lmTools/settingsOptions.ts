import { parseImageRequest, type ImageRequest } from '../core/request/imageRequest';
import { requestOptions, type RequestOptions } from '../core/request/requestOptions';
import type { Settings } from '../core/request/settings';
import { chosenOptionsFor, type ImageOptionsInput } from '../core/tools/toolInputs';

/**
 * The request options for a tool call: the settings' (as the commands use them) with the call's own in their place,
 * and no streamed previews, which nobody watches in a chat and which cost output tokens.
 */
export function toolRequestOptions(input: ImageOptionsInput, settings: Settings): RequestOptions {
  return requestOptions(chosenOptionsFor(input, { ...settings, n: settings.imageCount, stream: false }));
}

/** A generation for a tool call, checked against the model's rules before anything is sent. */
export function toolGenerateRequest(prompt: string, input: ImageOptionsInput, settings: Settings): ImageRequest {
  return parseImageRequest({
    kind: 'generate',
    prompt,
    moderation: settings.moderation,
    ...toolRequestOptions(input, settings),
  });
}
