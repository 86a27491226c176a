import * as z from 'zod';
import { errorText } from '../core/errorText';
import { ImageStudioError } from '../core/errors';
import { redact } from '../core/secrets/redact';
import { vscodeErrorWords } from '../vscode/errorWords';

/**
 * The words a failed tool call gives the model (and so the person): VS Code's words for the failure, as the commands
 * show them (setting ids, command titles), redacted. The one place that turns an error into a tool's text.
 */
export function toolErrorText(err: unknown, knownSecrets: readonly string[]): string {
  if (err instanceof ImageStudioError) return errorText(err, vscodeErrorWords, knownSecrets);
  if (err instanceof z.ZodError)
    return `The tool input is not valid: ${err.issues
      .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
      .join('; ')}.`;
  return redact(err instanceof Error ? err.message : String(err), knownSecrets);
}
