/** multipart/form-data parsing through Node's web `Request#formData()`. */

export interface UploadedFile {
  /** The form field name: `image`, `image[]` or `mask`. */
  readonly field: string;
  readonly filename: string;
  /** The part's Content-Type as sent (`application/octet-stream` when the client gave none). */
  readonly type: string;
  readonly bytes: Buffer;
}

export interface MultipartContent {
  readonly fields: Record<string, string>;
  readonly files: UploadedFile[];
}

export async function parseMultipart(body: Buffer, contentType: string): Promise<MultipartContent> {
  const request = new Request('http://emulator.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
  });
  const form = await request.formData();
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      fields[name] = value;
    } else {
      files.push({
        field: name,
        filename: value.name,
        type: value.type || 'application/octet-stream',
        bytes: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { fields, files };
}
