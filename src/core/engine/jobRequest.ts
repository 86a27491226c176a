/** What a job asks for: a ready request, or an edit of workspace files that the engine reads when it runs. */
import { readEditInputs, type EditSources } from './editInputs';
import type { FileStore } from '../files/fileStore';
import { parseImageRequest, type EditRequestInput, type ImageRequest } from '../request/imageRequest';

/** An edit named by its files (workspace-relative): the engine reads and checks them through the FileStore. */
export type EditOfFiles = Omit<EditRequestInput, 'images' | 'mask'> & { readonly sources: EditSources };

export type JobRequest = ImageRequest | EditOfFiles;

export interface LoadedJobRequest {
  readonly request: ImageRequest;
  /** Set for an edit of files: recorded in the manifest so the edit can be regenerated. */
  readonly sources?: EditSources;
}

/**
 * Turns a job's request into a checked ImageRequest, reading an edit's files; a bad input or mask throws before
 * anything is sent.
 */
export async function loadJobRequest(
  location: { store: FileStore; workspaceRoot: string },
  request: JobRequest,
): Promise<LoadedJobRequest> {
  if (!('sources' in request)) return { request };
  const { sources, ...options } = request;
  const inputs = await readEditInputs({ ...location, sources });
  // parseImageRequest checks the mask locally: a PNG with alpha, the size of the first image.
  return { request: parseImageRequest({ ...options, ...inputs }), sources };
}
