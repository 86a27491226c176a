import * as z from 'zod';
import { ImageStudioError } from '../core/errors';
import { redact } from '../core/secrets/redact';

/**
 * The words a failed tool call gives the model (and so the person): the message the commands show for the same
 * failure, redacted. The one place that turns an error into a tool's text, so a change of wording lands here once.
 */
export function toolErrorText(err: unknown, knownSecrets: readonly string[]): string {
  if (err instanceof ImageStudioError) return redact(err.message, knownSecrets);
  if (err instanceof z.ZodError)
    return `The tool input is not valid: ${err.issues
      .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
      .join('; ')}.`;
  return redact(err instanceof Error ? err.message : String(err), knownSecrets);
}
