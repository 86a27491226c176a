/**
 * The one place an MCP tool failure becomes words: what went wrong and what the person (or the agent) can do, redacted
 * (K5: the key never reaches the client). The person running the server sets its flags and environment, so the words
 * are the command line's, except where the agent cannot act itself.
 */
import type { ErrorReason } from '../core/errorReason';
import { errorText } from '../core/errorText';
import { ImageStudioError } from '../core/errors';
import { ENV_API_KEY_NAME } from '../core/secrets/envApiKey';
import { redact } from '../core/secrets/redact';
import { missingKeyMessage } from '../cli/cliConfig';
import { cliErrorWords } from '../cli/errorWords';
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
  if (err.reason.kind === 'cancelled' && context.shutdown.aborted && !err.mayHaveBilled)
    return 'The Image Studio MCP server is shutting down: the request was cancelled; nothing more is paid for.';
  return mcpErrorText(err, context);
}

/** The MCP server's text for an engine error, redacted. */
export function mcpErrorText(err: ImageStudioError, context: Pick<ErrorWordsContext, 'cwd' | 'secrets'>): string {
  // The fixed missing-key help holds no key, and redacting would mask its `OPENAI_API_KEY=<your key>` example.
  if (err.reason.kind === 'no-api-key') return missingKeyMessage(context);
  return errorText(err, mcpErrorWords(context), context.secrets);
}

/** The MCP server's words for `reason`: the command line's, where the person running the server must act. */
export function mcpErrorWords(context: Pick<ErrorWordsContext, 'cwd'>): (reason: ErrorReason) => string | undefined {
  const cli = cliErrorWords(context);
  return (reason) => {
    switch (reason.kind) {
      case 'invalid-api-key':
        return (
          'The OpenAI API key was rejected: the person running the MCP server must set a valid ' +
          `${ENV_API_KEY_NAME} (in its environment or the .env of its working folder) and restart it.`
        );
      default:
        return cli(reason);
    }
  };
}
