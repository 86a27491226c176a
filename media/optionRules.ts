import { OUTPUT_FORMATS } from '../src/facts/imageOptions';
import type { ComposeOptions, ModelChoice } from '../src/protocol/options';

/**
 * What each control may offer for the chosen model and the other options (transparency needs png/webp, compression
 * jpeg/webp).
 */
export function allowedFor(
  choice: ModelChoice,
  options: ComposeOptions,
): { sizes: string[]; qualities: string[]; backgrounds: string[]; formats: string[]; compression: boolean } {
  return {
    sizes: choice.sizes,
    qualities: choice.qualities,
    backgrounds:
      options.outputFormat === 'jpeg' ? choice.backgrounds.filter((b) => b !== 'transparent') : choice.backgrounds,
    formats: options.background === 'transparent' ? OUTPUT_FORMATS.filter((f) => f !== 'jpeg') : [...OUTPUT_FORMATS],
    compression: options.outputFormat !== 'png',
  };
}

/** Brings options back inside what the model accepts, keeping every value that is still allowed. */
export function normalise(options: ComposeOptions, models: readonly ModelChoice[]): ComposeOptions {
  const choice = models.find((m) => m.id === options.model) ?? models[0];
  if (!choice) return options;
  const next: ComposeOptions = { ...options, model: choice.id };
  if (!choice.sizes.includes(next.size)) next.size = 'auto';
  if (!(choice.qualities as readonly string[]).includes(next.quality)) next.quality = 'auto';
  if (!(choice.backgrounds as readonly string[]).includes(next.background)) next.background = 'auto';
  if (next.background === 'transparent' && next.outputFormat === 'jpeg') next.outputFormat = 'png';
  if (next.outputFormat === 'png') next.outputCompression = null;
  return next;
}
