/** The request options an MCP tool call's image options become: the CLI's, as if given as its flags. */
import { generateOptionsFromFlags } from '../cli/imageFlags';
import type { ImageOptionsInput } from '../core/tools/toolInputs';

/** The request options for the tool's image options, the way the CLI turns its flags into them. */
export function requestOptions(input: ImageOptionsInput): ReturnType<typeof generateOptionsFromFlags> {
  return generateOptionsFromFlags({
    model: input.model,
    size: input.size,
    quality: input.quality,
    background: input.background,
    format: input.format,
    n: input.count,
  });
}
