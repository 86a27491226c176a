/**
 * Output sizes as OpenAI documents them: a fixed list for 1.x models; for 2.x any WIDTHxHEIGHT with both sides
 * multiples of 16, long:short at most 3:1, each side at most 3840 and 655,360 to 8,294,400 pixels. The engine applies
 * these rules (`sizeProblem`); everywhere else checks only the shape.
 */

/**
 * The shape of a size: `auto` or WIDTHxHEIGHT, each 2 to 5 digits without a leading zero. Settings, CLI flags, the
 * prompts file and the panel's messages check this shape only and leave the model's rules to `parseImageRequest`.
 */
export const SIZE_PATTERN = /^(auto|[1-9]\d{1,4}x[1-9]\d{1,4})$/;

/** The sizes a 1.x model takes. */
export const FIXED_SIZES: readonly string[] = ['1024x1024', '1536x1024', '1024x1536', 'auto'];

/** 2.x: both sides multiples of this. */
export const SIDE_MULTIPLE_2X = 16;
export const MAX_EDGE_2X = 3840;
/** 655,360 = 1024x640: the API refuses fewer pixels for 2.x models. */
export const MIN_PIXELS_2X = 1024 * 640;
export const MAX_PIXELS_2X = 3840 * 2160;
/** Long side over short side, at most. */
export const MAX_ASPECT_2X = 3;
