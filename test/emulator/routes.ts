/** Maps method and path to what the emulator serves: the OpenAI paths under /v1 and Azure's deployment paths. */
import type { ImageKind } from './validation';

export type Route =
  | { readonly kind: 'images'; readonly op: ImageKind; readonly azure?: { readonly deployment: string } }
  | { readonly kind: 'models' }
  | { readonly kind: 'model'; readonly id: string }
  | { readonly kind: 'fileUpload' }
  | { readonly kind: 'fileList' }
  | { readonly kind: 'file'; readonly id: string }
  | { readonly kind: 'fileContent'; readonly id: string }
  | { readonly kind: 'batchCreate' }
  | { readonly kind: 'batchList' }
  | { readonly kind: 'batch'; readonly id: string }
  | { readonly kind: 'batchCancel'; readonly id: string }
  | { readonly kind: 'notFound' };

const OPS: Readonly<Record<string, ImageKind>> = { generations: 'generation', edits: 'edit' };

export function matchRoute(method: string, path: string): Route {
  const openai = /^\/v1\/images\/(generations|edits)$/.exec(path);
  if (openai?.[1] && method === 'POST') {
    const op = OPS[openai[1]];
    if (op) return { kind: 'images', op };
  }
  const azure = /^\/openai\/deployments\/([^/]+)\/images\/(generations|edits)$/.exec(path);
  if (azure?.[1] && azure[2] && method === 'POST') {
    const op = OPS[azure[2]];
    if (op) return { kind: 'images', op, azure: { deployment: decodeURIComponent(azure[1]) } };
  }
  if (method === 'GET' && path === '/v1/models') return { kind: 'models' };
  const model = /^\/v1\/models\/([^/]+)$/.exec(path);
  if (method === 'GET' && model?.[1]) return { kind: 'model', id: decodeURIComponent(model[1]) };
  return matchFilesAndBatches(method, path);
}

function matchFilesAndBatches(method: string, path: string): Route {
  if (path === '/v1/files')
    return method === 'POST' ? { kind: 'fileUpload' } : method === 'GET' ? { kind: 'fileList' } : { kind: 'notFound' };
  if (path === '/v1/batches')
    return method === 'POST'
      ? { kind: 'batchCreate' }
      : method === 'GET'
        ? { kind: 'batchList' }
        : { kind: 'notFound' };
  const file = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
  if (file?.[1] && method === 'GET') {
    const id = decodeURIComponent(file[1]);
    return file[2] ? { kind: 'fileContent', id } : { kind: 'file', id };
  }
  const batch = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
  if (batch?.[1]) {
    const id = decodeURIComponent(batch[1]);
    if (batch[2] && method === 'POST') return { kind: 'batchCancel', id };
    if (!batch[2] && method === 'GET') return { kind: 'batch', id };
  }
  return { kind: 'notFound' };
}
