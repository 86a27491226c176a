import { errorText } from '../core/errorText';
import { ImageStudioError } from '../core/errors';
import { redact } from '../core/secrets/redact';
import { vscodeErrorFixes, vscodeErrorWords } from '../vscode/errorWords';
import { errorFix, type PanelError } from '../protocol/fixes';

/** An error as the panel shows it: the redacted message and the fixes the protocol allows (others are left out). */
export function toPanelError(err: unknown): PanelError {
  const message =
    err instanceof ImageStudioError
      ? errorText(err, vscodeErrorWords)
      : redact(err instanceof Error ? err.message : String(err));
  const fixes =
    err instanceof ImageStudioError
      ? vscodeErrorFixes(err.reason).flatMap((fix) => {
          const parsed = errorFix.safeParse(fix);
          return parsed.success ? [parsed.data] : [];
        })
      : [];
  return { message: message.slice(0, 4000), fixes: fixes.slice(0, 5) };
}
