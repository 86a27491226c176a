/**
 * Asking the person before a request above the confirmation threshold, through MCP elicitation (the client shows
 * the question and returns accept, decline or cancel). A client without elicitation cannot ask, so the request is
 * refused rather than paid for unseen.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { CostQuestion } from '../core/spend/budget';
import { cliCostQuestion, CONFIRM_ABOVE_NAME } from '../cli/errorWords';

/** How long the person has to answer; the SDK's own default (60 s) is short for a question about money. */
const ANSWER_TIMEOUT_MS = 10 * 60 * 1000;

/** A request above the threshold from a client that cannot ask the person: nothing was sent. */
export class ConfirmationUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfirmationUnavailableError';
  }
}

export interface ConfirmOptions {
  /** Aborted when the tool call is cancelled or the server shuts down. */
  readonly signal: AbortSignal;
  /** The tool call the question belongs to. */
  readonly relatedRequestId: RequestId;
}

/** The engine's `confirm` for one tool call: true only when the person accepted. */
export function confirmByElicitation(
  server: Pick<Server, 'getClientCapabilities' | 'elicitInput'>,
  options: ConfirmOptions,
): (question: CostQuestion) => Promise<boolean> {
  return async (question) => {
    const message = cliCostQuestion(question);
    if (server.getClientCapabilities()?.elicitation?.form === undefined) {
      throw new ConfirmationUnavailableError(
        `${cliCostQuestion(question, false)} This MCP client cannot ask the person (it does not support ` +
          'elicitation), so nothing was sent. Ask for a cheaper request (lower quality, a smaller size, fewer ' +
          `images), or have the person raise ${CONFIRM_ABOVE_NAME} where the server is configured.`,
      );
    }
    let answer: Awaited<ReturnType<typeof server.elicitInput>>;
    try {
      answer = await server.elicitInput(
        { mode: 'form', message, requestedSchema: { type: 'object', properties: {} } },
        { signal: options.signal, relatedRequestId: options.relatedRequestId, timeout: ANSWER_TIMEOUT_MS },
      );
    } catch (err) {
      // Cancelled or shutting down: the engine then says nothing was sent.
      if (options.signal.aborted) return false;
      throw new ConfirmationUnavailableError(
        `The person could not be asked to confirm the cost (${err instanceof Error ? err.message : String(err)}), ` +
          'so nothing was sent.',
      );
    }
    return answer.action === 'accept';
  };
}
