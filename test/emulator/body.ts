/** Reads a request body into memory and parses it as JSON or multipart, per its content type. */
import type { IncomingMessage } from 'node:http';
import { EmulatorError, invalidJson } from './errors';
import { parseMultipart, type UploadedFile } from './multipart';

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        reject(
          new EmulatorError(413, {
            message: `Request body too large (more than ${maxBytes} bytes).`,
            type: 'invalid_request_error',
            param: null,
            code: null,
          }),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface ParsedBody {
  readonly kind: 'json' | 'form' | 'empty' | 'other';
  /** JSON object members, or multipart text fields (the last value of a repeated field). */
  readonly fields: Record<string, unknown>;
  readonly files: readonly UploadedFile[];
  /** The error to answer with when the body could not be parsed (kept so the request log still gets an entry). */
  readonly error?: EmulatorError;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function parseBody(body: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return { kind: 'empty', fields: {}, files: [] };
  if (type.startsWith('multipart/form-data')) {
    try {
      const { fields, files } = await parseMultipart(body, contentType ?? '');
      return { kind: 'form', fields, files };
    } catch {
      return {
        kind: 'form',
        fields: {},
        files: [],
        error: new EmulatorError(400, {
          message: 'Could not parse multipart form data.',
          type: 'invalid_request_error',
          param: null,
          code: null,
        }),
      };
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { kind: 'other', fields: {}, files: [], error: invalidJson() };
  }
  if (!isRecord(parsed)) return { kind: 'json', fields: {}, files: [], error: invalidJson() };
  return { kind: 'json', fields: parsed, files: [] };
}
