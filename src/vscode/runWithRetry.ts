import type { Log } from './log';
import type { RecoveryLocation } from './recoveredImage';
import { showError } from './showError';

/**
 * Runs `action`; on failure shows the error with its fixes, and runs it again for as long as the person picks Retry.
 */
export async function runWithRetry(
  deps: { readonly log: Log; readonly recovery?: RecoveryLocation },
  action: () => Promise<unknown>,
): Promise<void> {
  for (;;) {
    try {
      await action();
      return;
    } catch (err) {
      if ((await showError(err, deps)) !== 'retry') return;
    }
  }
}
