/** The emulator's HTTP server: `startEmulator(options)` → `{ baseUrl, close, requests, script }`. */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkKey } from './auth';
import { parseBody, readBody } from './body';
import type { EmulatorContext } from './context';
import {
  EmulatorError,
  azureResourceNotFound,
  azureApiVersionUnsupported,
  invalidUrl,
  serverErrorObject,
} from './errors';
import { Exchange, newRequestId } from './exchange';
import { RenderCache } from './renderCache';
import { FaultScript, errorObjectFor, type Fault } from './faults';
import { Batches } from './batches';
import { handleBatch, handleBatchCancel, handleBatchCreate, handleBatchList } from './handlers/batches';
import { handleFile, handleFileContent, handleFileList, handleFileUpload } from './handlers/files';
import { handleImages } from './handlers/images';
import { handleModel, handleModelList } from './handlers/models';
import { resolveOptions, type EmulatorOptions } from './options';
import { RateLimiter } from './rateLimiter';
import type { RequestLogEntry } from './requestLog';
import { matchRoute } from './routes';
import { StoredFiles } from './storedFiles';

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:8787/v1`, for `new OpenAI({ baseURL })`. */
  readonly baseUrl: string;
  /** e.g. `http://127.0.0.1:8787`, for `new AzureOpenAI({ endpoint })`. */
  readonly azureEndpoint: string;
  readonly port: number;
  /** Every request received, in order (never the key or any header). */
  readonly requests: RequestLogEntry[];
  /** Scripted faults for the next requests. */
  readonly script: FaultScript;
  /**
   * Calls `listener` after each change to `requests`: a request arrived, or its exchange ended (answered, or
   * the client went away). Returns the unsubscribe. Tests wait on this instead of polling the log.
   */
  onRequestLog(listener: () => void): () => void;
  /** Holds batches in_progress until the returned function is called. */
  holdBatches(): () => void;
  /** Closes the server and every socket (hung and streaming ones too). */
  close(): Promise<void>;
}

/** Upper bound for a whole request body: 16 images of up to 50 MB plus a mask and fields. */
const MAX_BODY_BYTES = 900 * 1024 * 1024;
const AZURE_API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const opts = resolveOptions(options);
  const script = new FaultScript();
  const requests: RequestLogEntry[] = [];
  const logChanged = new EventEmitter();
  // Tests may wait on the log from many places at once.
  logChanged.setMaxListeners(0);
  const closing = new AbortController();
  const files = new StoredFiles(opts.now);
  const ctx: EmulatorContext = {
    apiKey: opts.apiKey,
    now: opts.now,
    today: opts.today,
    latencyScale: opts.latencyScale,
    photoGrain: opts.photoGrain,
    renders: new RenderCache(),
    maxImageBytes: opts.maxImageBytes,
    limiter: new RateLimiter(opts.imagesPerMinute, opts.tokensPerMinute, opts.now),
    script,
    files,
    batches: new Batches({ files, now: opts.now, latencyMs: opts.batchLatencyMs, closing: closing.signal }),
  };
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    handle(req, res, ctx, requests, closing.signal, () => logChanged.emit('change')).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const origin = `http://${host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    baseUrl: `${origin}/v1`,
    azureEndpoint: origin,
    port,
    requests,
    script,
    holdBatches: () => ctx.batches.hold(),
    onRequestLog(listener: () => void): () => void {
      logChanged.on('change', listener);
      return () => logChanged.off('change', listener);
    },
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: EmulatorContext,
  log: RequestLogEntry[],
  closing: AbortSignal,
  logChanged: () => void,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const route = matchRoute(method, url.pathname);
  const azure = route.kind === 'images' && route.azure !== undefined;
  const requestId = newRequestId();
  const contentType = header(req, 'content-type') ?? '';

  let bodyBytes: Buffer;
  try {
    bodyBytes = await readBody(req, MAX_BODY_BYTES);
  } catch {
    res.destroy();
    return;
  }
  const body = await parseBody(bodyBytes, contentType);
  const entry: RequestLogEntry = {
    requestId,
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    fields: body.fields,
    files: body.files.map((f) => ({ field: f.field, filename: f.filename, type: f.type, size: f.bytes.length })),
    authorized: checkKey(req.headers, ctx.apiKey, azure) === undefined,
    status: null,
    errorCode: null,
    fault: null,
    receivedAt: ctx.now(),
    closedByClient: false,
    answerFinishedAt: null,
  };
  log.push(entry);
  logChanged();

  const gone = new AbortController();
  // Noted without telling listeners: 'close' follows and does, so each exchange still ends in one change.
  res.on('finish', () => {
    entry.answerFinishedAt = performance.now();
  });
  res.on('close', () => {
    // 'close' before the answer finished, while the server itself is not shutting down: the client went away.
    if (!res.writableFinished && !closing.aborted) entry.closedByClient = true;
    gone.abort();
    logChanged();
  });
  const ex = new Exchange(requestId, res, entry, AbortSignal.any([closing, gone.signal]), ctx.now);

  const fault = ctx.script.take(url.pathname);
  if (fault && applyRequestFault(fault, ex, req)) return;

  try {
    await route_(ex, ctx, route, req, url, body, contentType);
  } catch (e) {
    if (e instanceof EmulatorError) {
      ex.sendError(e);
    } else {
      process.stderr.write(`[emulator] ${requestId}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      ex.sendError(new EmulatorError(500, serverErrorObject()));
    }
  }
}

/** Applies a fault that acts before any processing; returns false for response-phase faults (kept on the exchange). */
function applyRequestFault(fault: Fault, ex: Exchange, req: IncomingMessage): boolean {
  switch (fault.kind) {
    case 'error': {
      ex.entry.fault = 'error';
      const headers: Record<string, string> = { ...fault.headers };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
      const error = errorObjectFor(fault.status, fault.error);
      ex.entry.errorCode = error.code;
      ex.sendJson(fault.status, { error }, headers);
      return true;
    }
    case 'hang':
      ex.entry.fault = 'hang';
      return true;
    case 'drop':
      ex.entry.fault = 'drop';
      req.socket.destroy();
      return true;
    default:
      ex.responseFault = fault;
      return false;
  }
}

async function route_(
  ex: Exchange,
  ctx: EmulatorContext,
  route: ReturnType<typeof matchRoute>,
  req: IncomingMessage,
  url: URL,
  body: Awaited<ReturnType<typeof parseBody>>,
  contentType: string,
): Promise<void> {
  if (route.kind === 'notFound') throw invalidUrl(ex.entry.method, url.pathname);
  if (route.kind === 'images' && route.azure) {
    const version = url.searchParams.get('api-version');
    if (!version) throw azureResourceNotFound();
    if (!AZURE_API_VERSION.test(version)) throw azureApiVersionUnsupported();
  }
  const denied = checkKey(req.headers, ctx.apiKey, route.kind === 'images' && route.azure !== undefined);
  if (denied) throw denied;
  switch (route.kind) {
    case 'models':
      return handleModelList(ex, ctx);
    case 'model':
      return handleModel(ex, ctx, route.id);
    case 'images':
      return handleImages(ex, ctx, route, body, contentType);
    case 'fileUpload':
      return handleFileUpload(ex, ctx, body, contentType);
    case 'fileList':
      return handleFileList(ex, ctx);
    case 'file':
      return handleFile(ex, ctx, route.id);
    case 'fileContent':
      return handleFileContent(ex, ctx, route.id);
    case 'batchCreate':
      return handleBatchCreate(ex, ctx, body);
    case 'batchList':
      return handleBatchList(ex, ctx, url.searchParams);
    case 'batch':
      return handleBatch(ex, ctx, route.id);
    case 'batchCancel':
      return handleBatchCancel(ex, ctx, route.id);
  }
}
