/** Turns any failure into one redacted line on stderr and the exit code (K5: the key never reaches the terminal). */
import { errorText } from '../core/errorText';
import { ImageStudioError } from '../core/errors';
import { redact } from '../core/secrets/redact';
import { missingKeyMessage } from './cliConfig';
import { EXIT, type CliIo } from './cliIo';
import { cliErrorWords } from './errorWords';
import { UsageError } from './usageError';

/** Writes the message for `err` and returns the exit code: 2 for usage, 130 when interrupted, else 1. */
export function reportError(io: CliIo, err: unknown, secrets: readonly string[], usageHint?: string): number {
  if (err instanceof UsageError) {
    io.stderr(`${redact(err.message, secrets)}\n${usageHint ? `${usageHint}\n` : ''}`);
    return EXIT.usage;
  }
  if (io.signal.aborted && (!(err instanceof ImageStudioError) || err.kind === 'cancelled')) {
    // A request already sent may still be finished and billed by the API: the engine's reason says so and what it
    // recorded.
    const sent = err instanceof ImageStudioError && err.mayHaveBilled;
    const what = sent ? cliErrorText(io, err, secrets) : 'the request was cancelled; nothing more is paid for.';
    io.stderr(`Interrupted: ${what}\n`);
    return EXIT.interrupted;
  }
  io.stderr(`${messageFor(io, err, secrets)}\n`);
  return EXIT.failure;
}

/** The command line's text for an engine error, redacted. */
export function cliErrorText(io: Pick<CliIo, 'cwd'>, err: ImageStudioError, secrets: readonly string[]): string {
  // The fixed missing-key help holds no key, and redacting would mask its `OPENAI_API_KEY=<your key>` example.
  if (err.reason.kind === 'no-api-key') return missingKeyMessage(io);
  return errorText(err, cliErrorWords(io), secrets);
}

function messageFor(io: CliIo, err: unknown, secrets: readonly string[]): string {
  if (!(err instanceof ImageStudioError))
    return redact(`Error: ${err instanceof Error ? err.message : String(err)}`, secrets);
  return cliErrorText(io, err, secrets);
}
