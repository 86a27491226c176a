/** The emulator's `/v1/files`: uploaded and generated files held in memory, shaped like the SDK's `FileObject`. */
import { randomBytes } from 'node:crypto';
import { EmulatorError } from './errors';

export const FILE_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const;
export type UploadPurpose = (typeof FILE_PURPOSES)[number];
export type StoredPurpose = UploadPurpose | 'batch_output';

/** The API's limit for a batch input file. */
export const MAX_BATCH_FILE_BYTES = 200 * 1024 * 1024;

export interface StoredFile {
  readonly id: string;
  readonly filename: string;
  readonly purpose: StoredPurpose;
  readonly createdAt: number;
  readonly bytes: Buffer;
}

export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: StoredPurpose;
  status: 'processed';
  expires_at: number | null;
  status_details: null;
}

export class StoredFiles {
  private readonly files = new Map<string, StoredFile>();

  constructor(private readonly now: () => number) {}

  add(filename: string, purpose: StoredPurpose, bytes: Buffer): StoredFile {
    const file: StoredFile = {
      id: `file-${randomBytes(12).toString('hex')}`,
      filename,
      purpose,
      createdAt: Math.floor(this.now() / 1000),
      bytes,
    };
    this.files.set(file.id, file);
    return file;
  }

  /** The file, or the API's 404 naming it. */
  get(id: string): StoredFile {
    const file = this.files.get(id);
    if (!file)
      throw new EmulatorError(404, {
        message: `No such File object: ${id}`,
        type: 'invalid_request_error',
        param: 'id',
        code: null,
      });
    return file;
  }

  list(): StoredFile[] {
    return [...this.files.values()];
  }
}

export function fileObject(file: StoredFile): FileObject {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes.length,
    created_at: file.createdAt,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    expires_at: null,
    status_details: null,
  };
}
