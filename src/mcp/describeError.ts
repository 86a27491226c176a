/**
 * The one place an MCP tool failure becomes words: what went wrong and what the person (or the agent) can do, redacted
 * (K5: the key never reaches the client). Switch this to the reason-based wording when the engine's errors carry it.
 */
import { ImageStudioError } from '../core/errors';
import { redact } from '../core/secrets/redact';
import { missingKeyMessage } from '../cli/cliConfig';
import { UsageError } from '../cli/usageError';
import { ConfirmationUnavailableError } from './confirmByElicitation';

export interface ErrorWordsContext {
  /** The server's working directory: where `.env` is read. */
  readonly cwd: string;
  /** The key and anything else to scrub. */
  readonly secrets: readonly string[];
  /** Aborted when the server is shutting down (Ctrl-C, stdin closed). */
  readonly shutdown: AbortSignal;
}

/** The text of a tool error for `err`. */
export function describeError(err: unknown, context: ErrorWordsContext): string {
  const { secrets } = context;
  if (err instanceof ConfirmationUnavailableError || err instanceof UsageError) return redact(err.message, secrets);
  if (!(err instanceof ImageStudioError))
    return redact(`Error: ${err instanceof Error ? err.message : String(err)}`, secrets);
  const request = err.requestId ? ` (request ${err.requestId})` : '';
  switch (err.kind) {
    case 'no-api-key':
      // The engine's own text points at the VS Code command; the server reads the environment instead.
      return err.message.startsWith('No OpenAI API key is set')
        ? missingKeyMessage(context)
        : redact(err.message, secrets);
    case 'invalid-api-key':
      return redact(
        'The OpenAI API key was rejected: the person running the MCP server must set a valid OPENAI_API_KEY ' +
          `(in its environment or the .env of its working folder) and restart it.${request}`,
        secrets,
      );
    case 'cancelled':
      if (context.shutdown.aborted && !err.mayHaveBilled)
        return 'The Image Studio MCP server is shutting down: the request was cancelled; nothing more is paid for.';
      return redact(err.message, secrets);
    default:
      return redact(err.message, secrets);
  }
}
