/** A request rejected before sending because of the options given on the command line is a usage mistake (exit 2). */
import { ImageStudioError } from '../core/errors';
import { UsageError } from './usageError';

/** Runs `build`; an 'invalid-option' ImageStudioError becomes a UsageError with the same text. */
export function asUsageError<T>(build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof ImageStudioError && err.kind === 'invalid-option')
      throw new UsageError(`Invalid options: ${err.message}.`);
    throw err;
  }
}
