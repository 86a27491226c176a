/** Turns any failure into one redacted line on stderr and the exit code (K5: the key never reaches the terminal). */
import { ImageStudioError } from '../core/errors';
import { redact } from '../core/secrets/redact';
import { missingKeyMessage } from './cliConfig';
import { EXIT, type CliIo } from './cliIo';
import { UsageError } from './usageError';

/** Writes the message for `err` and returns the exit code: 2 for usage, 130 when interrupted, else 1. */
export function reportError(io: CliIo, err: unknown, secrets: readonly string[], usageHint?: string): number {
  if (err instanceof UsageError) {
    io.stderr(`${redact(err.message, secrets)}\n${usageHint ? `${usageHint}\n` : ''}`);
    return EXIT.usage;
  }
  if (io.signal.aborted && (!(err instanceof ImageStudioError) || err.kind === 'cancelled')) {
    // A request already sent may still be finished and billed by the API: the engine's message says so and what it
    // recorded.
    const sent = err instanceof ImageStudioError && err.mayHaveBilled;
    io.stderr(
      `Interrupted: ${sent ? redact(err.message, secrets) : 'the request was cancelled; nothing more is paid for.'}\n`,
    );
    return EXIT.interrupted;
  }
  io.stderr(`${messageFor(io, err, secrets)}\n`);
  return EXIT.failure;
}

/**
 * Redacted text for `err`; only the fixed missing-key help is left unredacted, since it names the variable but holds no
 * key.
 */
function messageFor(io: CliIo, err: unknown, secrets: readonly string[]): string {
  if (!(err instanceof ImageStudioError))
    return redact(`Error: ${err instanceof Error ? err.message : String(err)}`, secrets);
  const request = err.requestId ? ` (request ${err.requestId})` : '';
  switch (err.kind) {
    case 'no-api-key':
      // The engine's own text points at the VS Code command; the CLI reads the environment instead.
      return err.message.startsWith('No OpenAI API key is set') ? missingKeyMessage(io) : redact(err.message, secrets);
    case 'invalid-api-key':
      return (
        `The OpenAI API key was rejected: check OPENAI_API_KEY (in the environment or ` +
        `.env).${redact(request, secrets)}`
      );
    default:
      return redact(err.message, secrets);
  }
}
