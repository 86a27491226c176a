import {
  hostToWebviewMessage,
  parseMessage,
  readReplyTo,
  webviewToHostMessage,
  type HostToWebviewMessage,
  type ReplyFor,
  type ReplyMessage,
  type WebviewRequest,
  type WebviewToHostMessage,
} from '../src/protocol/messages';
import type { JobEvent } from '../src/protocol/jobProgress';
import { maxPromptChars } from '../src/protocol/limits';
import { vscodeApi } from './vscodeApi';

/** A request as the page writes it: the client adds the id. */
export type NewRequest = WebviewRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type StateListener = (state: Extract<HostToWebviewMessage, { type: 'state' }>) => void;

/**
 * The page's side of the protocol: numbered requests settled by the host's reply with the same id,
 * progress routed to the job that asked, and every message parsed both ways (an invalid inbound one is
 * dropped and logged; an invalid outbound one is answered locally, since the host would drop it).
 */
export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { settle: (reply: ReplyMessage) => void; onProgress?: (event: JobEvent) => void }
  >();
  private readonly stateListeners: StateListener[] = [];

  constructor() {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  onState(listener: StateListener): void {
    this.stateListeners.push(listener);
  }

  /** Sends a request and resolves with the host's reply to it, of the kind the request names. */
  request<M extends NewRequest>(
    message: M,
    onProgress?: (event: JobEvent) => void,
  ): { id: number; reply: Promise<ReplyFor<M['type']>> } {
    const id = this.nextId++;
    const outbound = parseMessage(webviewToHostMessage, { ...message, id });
    if (!outbound) {
      // The host would drop it without a reply; say so here instead of waiting forever.
      return {
        id,
        reply: Promise.resolve({
          type: 'reply',
          id,
          ok: false,
          error: {
            message:
              'This request is too large or malformed to send (an image over about 9 MB, or a prompt over ' +
              `${maxPromptChars.toLocaleString('en-US')} characters).`,
            fixes: [],
          },
        }),
      };
    }
    const reply = new Promise<ReplyFor<M['type']>>((resolve) =>
      this.pending.set(id, {
        settle: (answer) => resolve(readReplyTo<M['type']>(message.type, answer)),
        ...(onProgress ? { onProgress } : {}),
      }),
    );
    vscodeApi.postMessage(outbound);
    return { id, reply };
  }

  /** A message that expects no reply. */
  send(message: Exclude<WebviewToHostMessage, { id: number }>): void {
    const outbound = parseMessage(webviewToHostMessage, message);
    if (outbound) vscodeApi.postMessage(outbound);
  }

  private receive(data: unknown): void {
    const message = parseMessage(hostToWebviewMessage, data);
    if (!message) {
      console.warn('Image Studio panel: dropped a malformed message from the host');
      return;
    }
    switch (message.type) {
      case 'state':
        for (const listener of this.stateListeners) listener(message);
        return;
      case 'progress':
        this.pending.get(message.jobId)?.onProgress?.(message.event);
        return;
      case 'reply': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.settle(message);
        return;
      }
    }
  }
}
