/** What every tool of one server shares: the process, the flags it was started with, pacing and shutdown. */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ImageRateLimiter } from '../core/api/rateLimiter';
import type { CliIo } from '../cli/cliIo';
import type { JobPlacementFlags } from '../cli/runCliJob';

export interface McpFlags extends JobPlacementFlags {
  /** Absolute native path of the workspace the images and manifest belong to. */
  readonly workspace: string;
  readonly 'images-per-minute': number;
}

export interface McpContext {
  /** The process; its `stdout` goes to stderr, because stdout carries only the protocol. */
  readonly io: CliIo;
  readonly flags: McpFlags;
  /** One pace for every tool call of the server, as the account's limit is. */
  readonly limiter: ImageRateLimiter;
  /** Aborted on Ctrl-C or when stdin closes: requests in flight are cancelled. */
  readonly shutdown: AbortSignal;
  /** Registers a paid job so shutdown waits until whatever it may have cost is recorded. */
  readonly track: (job: Promise<unknown>) => void;
}

/** One tool call: the low-level server (for elicitation) and the SDK's per-request extra (cancellation, id). */
export interface ToolCall {
  readonly server: Server;
  readonly extra: RequestHandlerExtra<ServerRequest, ServerNotification>;
}
