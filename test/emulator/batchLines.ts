/**
 * A batch's input lines: checked the way the Batch API checks a file before running it (JSON, custom_id, method,
 * url), then each run through the same image handler an HTTP request would reach, its answer captured as a line.
 */
import { randomBytes } from 'node:crypto';
import type { ParsedBody } from './body';
import type { EmulatorContext } from './context';
import { EmulatorError, invalidValue, serverErrorObject } from './errors';
import { newRequestId, type ResponseFault, type Responder } from './exchange';
import { handleImages } from './handlers/images';
import type { RequestLogEntry } from './requestLog';

/** One request of the input file. */
export interface BatchLine {
  readonly customId: string;
  readonly body: Record<string, unknown>;
}

/** A problem with the input file, as `batch.errors.data` lists it. */
export interface BatchLineError {
  code: string;
  line: number;
  message: string;
  param: string | null;
}

/** An output or error file line, as the Batch API writes it. */
export interface BatchOutputLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: unknown } | null;
  error: { code: string; message: string } | null;
}

/** Parses the input file; any error fails the whole batch (nothing runs), as the API does while validating. */
export function parseBatchInput(text: string, endpoint: string): { lines: BatchLine[]; errors: BatchLineError[] } {
  const lines: BatchLine[] = [];
  const errors: BatchLineError[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      errors.push({
        code: 'invalid_json_line',
        line,
        message: 'This line is not parseable as valid JSON.',
        param: null,
      });
      return;
    }
    if (!isRecord(parsed)) {
      errors.push({ code: 'invalid_json_line', line, message: 'Each line must be a JSON object.', param: null });
      return;
    }
    const { custom_id: customId, method, url, body } = parsed;
    if (typeof customId !== 'string' || customId === '') {
      errors.push({
        code: 'missing_required_parameter',
        line,
        message: "Missing required parameter: 'custom_id'.",
        param: 'custom_id',
      });
    } else if (seen.has(customId)) {
      errors.push({
        code: 'duplicate_custom_id',
        line,
        message: `The custom_id '${customId}' is used more than once; each request needs a unique custom_id.`,
        param: 'custom_id',
      });
    } else if (method !== 'POST') {
      errors.push({
        code: 'invalid_value',
        line,
        message: `Invalid value for 'method': only POST is supported.`,
        param: 'method',
      });
    } else if (url !== endpoint) {
      errors.push({
        code: 'mismatched_endpoint',
        line,
        message: `The url '${String(url)}' does not match the batch endpoint '${endpoint}'.`,
        param: 'url',
      });
    } else if (!isRecord(body)) {
      errors.push({
        code: 'missing_required_parameter',
        line,
        message: "Missing required parameter: 'body'.",
        param: 'body',
      });
    } else {
      seen.add(customId);
      lines.push({ customId, body });
    }
  });
  if (lines.length === 0 && errors.length === 0)
    errors.push({ code: 'empty_file', line: 1, message: 'The input file has no requests.', param: null });
  return { lines, errors };
}

/** Runs one line through the image handler; the answer becomes an output line (2xx) or an error-file line. */
export async function runBatchLine(
  ctx: EmulatorContext,
  line: BatchLine,
  signal: AbortSignal,
): Promise<{ ok: boolean; output: BatchOutputLine }> {
  const responder = new CapturedResponse(newRequestId(), signal);
  const body: ParsedBody = { kind: 'json', fields: line.body, files: [] };
  try {
    // Batches answer whole images: a stream has nowhere to go.
    if (line.body['stream'] === true)
      throw invalidValue('stream', "Invalid value for 'stream': streaming is not supported in the Batch API.");
    await handleImages(responder, ctx, { kind: 'images', op: 'generation' }, body, 'application/json');
  } catch (err) {
    responder.sendError(err instanceof EmulatorError ? err : new EmulatorError(500, serverErrorObject()));
  }
  const status = responder.status ?? 500;
  return {
    ok: status < 400,
    output: {
      id: `batch_req_${randomBytes(12).toString('hex')}`,
      custom_id: line.customId,
      response: {
        status_code: status,
        request_id: responder.requestId,
        body: responder.body ?? { error: serverErrorObject() },
      },
      error: null,
    },
  };
}

/** A Responder that keeps the answer instead of writing it to a socket. */
class CapturedResponse implements Responder {
  extraHeaders: Record<string, string> = {};
  responseFault: ResponseFault | undefined = undefined;
  status: number | undefined;
  body: unknown;
  // Batch lines are not HTTP requests: this entry is never added to the request log.
  readonly entry: RequestLogEntry;

  constructor(
    readonly requestId: string,
    readonly signal: AbortSignal,
  ) {
    this.entry = {
      requestId,
      method: 'POST',
      path: '/v1/images/generations',
      query: {},
      fields: {},
      files: [],
      authorized: true,
      status: null,
      errorCode: null,
      fault: null,
      receivedAt: 0,
      answerFinishedAt: null,
      closedByClient: false,
    };
  }

  sendJson(status: number, body: unknown): void {
    if (this.status !== undefined) return;
    this.status = status;
    this.body = body;
  }

  sendError(err: EmulatorError): void {
    this.sendJson(err.status, err.body);
  }

  startStream(): void {
    throw new Error('batch lines never stream');
  }

  writeEvent(): void {
    throw new Error('batch lines never stream');
  }

  endStream(): void {
    throw new Error('batch lines never stream');
  }

  cutStream(): void {
    throw new Error('batch lines never stream');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
