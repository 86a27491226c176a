/**
 * One request and its answer: common headers, JSON and SSE writing, the request-log entry's status,
 * and the response-phase faults (truncate, stall, streamError, noImageData).
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { EMULATOR_ORGANIZATION, OPENAI_VERSION_HEADER } from './constants';
import type { EmulatorError } from './errors';
import type { Fault } from './faults';
import type { RequestLogEntry } from './requestLog';
import { SSE_HEADERS, sseEvent } from './sse';

export const newRequestId = (): string => `req_${randomBytes(16).toString('hex')}`;

export type ResponseFault = Extract<
  Fault,
  { kind: 'truncate' | 'stall' | 'streamError' | 'noImageData' | 'corruptImage' }
>;

/** What image handlers answer through: an HTTP exchange, or one line of a batch (batchLines.ts). */
export interface Responder {
  readonly requestId: string;
  readonly entry: RequestLogEntry;
  readonly signal: AbortSignal;
  extraHeaders: Record<string, string>;
  responseFault: ResponseFault | undefined;
  sendJson(status: number, body: unknown, extra?: Readonly<Record<string, string>>): void;
  sendError(err: EmulatorError): void;
  startStream(): void;
  writeEvent(event: string, data: unknown): void;
  endStream(): void;
  /** Cuts the connection in the middle of a stream, as a proxy or a network failure would. */
  cutStream(): void;
}

export class Exchange implements Responder {
  /** Extra headers for every answer (the rate-limit headers on image routes). */
  extraHeaders: Record<string, string> = {};
  responseFault: ResponseFault | undefined;

  constructor(
    readonly requestId: string,
    readonly res: ServerResponse,
    readonly entry: RequestLogEntry,
    /** Aborted when the emulator closes or the client goes away. */
    readonly signal: AbortSignal,
    /** The emulator's clock (scaled in some benches): processing time is told on it, as the server's own. */
    private readonly now: () => number,
  ) {}

  private headers(extra: Readonly<Record<string, string>>): Record<string, string> {
    return {
      'x-request-id': this.requestId,
      'openai-version': OPENAI_VERSION_HEADER,
      'openai-organization': EMULATOR_ORGANIZATION,
      'openai-processing-ms': String(Math.max(0, Math.round(this.now() - this.entry.receivedAt))),
      ...this.extraHeaders,
      ...extra,
    };
  }

  get closed(): boolean {
    return this.signal.aborted || this.res.destroyed;
  }

  sendJson(status: number, body: unknown, extra: Readonly<Record<string, string>> = {}): void {
    if (this.closed || this.res.headersSent) return;
    const payload = Buffer.from(JSON.stringify(body));
    this.entry.status = status;
    this.res.writeHead(status, {
      ...this.headers(extra),
      'content-type': 'application/json',
      'content-length': String(payload.length),
    });
    const fault = this.responseFault;
    if (fault?.kind === 'truncate' || fault?.kind === 'stall') {
      this.entry.fault = fault.kind;
      const part = payload.subarray(0, Math.floor(payload.length / 2));
      // A stall leaves the connection open with half a body; a truncation ends it early.
      this.res.write(part, () => {
        if (fault.kind === 'truncate') this.res.socket?.end();
      });
      return;
    }
    this.res.end(payload);
  }

  /** Raw bytes, for file contents. */
  sendBytes(status: number, bytes: Uint8Array, contentType: string): void {
    if (this.closed || this.res.headersSent) return;
    this.entry.status = status;
    this.res.writeHead(status, {
      ...this.headers({}),
      'content-type': contentType,
      'content-length': String(bytes.byteLength),
    });
    this.res.end(bytes);
  }

  sendError(err: EmulatorError): void {
    this.entry.errorCode = err.error.code;
    this.sendJson(err.status, err.body, err.headers);
  }

  startStream(): void {
    this.entry.status = 200;
    this.res.writeHead(200, { ...this.headers({}), ...SSE_HEADERS });
  }

  writeEvent(event: string, data: unknown): void {
    if (!this.closed) this.res.write(sseEvent(event, data));
  }

  endStream(): void {
    if (!this.closed) this.res.end();
  }

  cutStream(): void {
    // `end` flushes what was written before closing, so the events already sent arrive; the chunked body never ends.
    this.res.socket?.end();
  }
}
