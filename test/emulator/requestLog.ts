/** The request log tests read. It never holds the API key or any header. */

export interface LoggedFile {
  readonly field: string;
  readonly filename: string;
  readonly type: string;
  readonly size: number;
}

export interface RequestLogEntry {
  /** The `x-request-id` the answer carried. */
  readonly requestId: string;
  readonly method: string;
  /** Path without the query string, e.g. `/v1/images/generations`. */
  readonly path: string;
  /** Query parameters (Azure's `api-version`). */
  readonly query: Record<string, string>;
  /** JSON body members, or multipart text fields. */
  readonly fields: Record<string, unknown>;
  readonly files: readonly LoggedFile[];
  /** Whether the request carried the configured key. */
  authorized: boolean;
  /** The HTTP status sent, or null while none was (hang, drop). */
  status: number | null;
  /** The `error.code` answered, if any. */
  errorCode: string | null;
  /**
   * The scripted fault applied, if any (`error`, `hang`, `drop`, `stall`, `truncate`, `streamError`, `noImageData`).
   */
  fault: string | null;
  /** Unix ms when the request arrived. */
  readonly receivedAt: number;
  /** The client closed the connection before the answer was complete (a cancel, a client timeout). */
  closedByClient: boolean;
  /**
   * `performance.now()` of the emulator's process when the answer's last byte went to the socket; null until then.
   * The bench measures from here to the link in the document, with the emulator in the extension host.
   */
  answerFinishedAt: number | null;
}
