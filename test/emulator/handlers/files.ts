/** POST /v1/files (multipart `file` + `purpose`), GET /v1/files, GET /v1/files/{id}, GET /v1/files/{id}/content. */
import type { ParsedBody } from '../body';
import type { EmulatorContext } from '../context';
import { EmulatorError, invalidContentType, missingParameter, unsupportedValue } from '../errors';
import type { Exchange } from '../exchange';
import { FILE_PURPOSES, fileObject, MAX_BATCH_FILE_BYTES, type UploadPurpose } from '../storedFiles';

const invalidFile = (message: string): EmulatorError =>
  new EmulatorError(400, { message, type: 'invalid_request_error', param: 'file', code: null });

export function handleFileUpload(ex: Exchange, ctx: EmulatorContext, body: ParsedBody, contentType: string): void {
  if (body.error) throw body.error;
  if (body.kind !== 'form') throw invalidContentType('multipart/form-data', contentType);
  const purpose = body.fields['purpose'];
  if (purpose === undefined || purpose === '') throw missingParameter('purpose');
  if (!isPurpose(purpose)) throw unsupportedValue('purpose', String(purpose), FILE_PURPOSES);
  const file = body.files.find((f) => f.field === 'file');
  if (!file) throw missingParameter('file');
  if (purpose === 'batch') {
    if (!file.filename.toLowerCase().endsWith('.jsonl'))
      throw invalidFile(`Invalid file format for Batch API. Must be .jsonl`);
    if (file.bytes.length > MAX_BATCH_FILE_BYTES)
      throw invalidFile(`File is too large for Batch API: at most ${MAX_BATCH_FILE_BYTES} bytes.`);
  }
  ex.sendJson(200, fileObject(ctx.files.add(file.filename, purpose, file.bytes)));
}

export function handleFileList(ex: Exchange, ctx: EmulatorContext): void {
  const data = ctx.files.list().map(fileObject).reverse();
  ex.sendJson(200, {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: false,
  });
}

export function handleFile(ex: Exchange, ctx: EmulatorContext, id: string): void {
  ex.sendJson(200, fileObject(ctx.files.get(id)));
}

export function handleFileContent(ex: Exchange, ctx: EmulatorContext, id: string): void {
  ex.sendBytes(200, ctx.files.get(id).bytes, 'application/octet-stream');
}

function isPurpose(value: unknown): value is UploadPurpose {
  return typeof value === 'string' && (FILE_PURPOSES as readonly string[]).includes(value);
}
