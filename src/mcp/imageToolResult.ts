/**
 * A finished job as an MCP tool result: each image as `image` content (a copy of at most 768 px a side, see
 * downscaleForModel) and a text part with the saved paths, the Markdown links and the cost.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ImageJobResult } from '../core/engine/runImageJob';
import type { FileStore } from '../core/files/fileStore';
import { imageResultText } from '../core/tools/imageResultText';
import { modelImagesOf } from '../core/tools/modelImages';
import { toStorePath } from '../cli/storePath';

export interface ImageToolResultOptions {
  readonly store: FileStore;
  /** Absolute native path of the workspace. */
  readonly workspace: string;
  /** Workspace-relative path of the document to link from; links are relative to the workspace without it. */
  readonly document?: string | undefined;
  /** The alt text of the links. */
  readonly prompt: string;
}

/** The content for `result`: images first, then one text part. */
export async function imageToolResult(
  result: ImageJobResult,
  options: ImageToolResultOptions,
): Promise<CallToolResult> {
  const images = await modelImagesOf(options.store, result);
  const content: CallToolResult['content'] = [...images.values()].map((image) => ({
    type: 'image' as const,
    data: Buffer.from(image.bytes).toString('base64'),
    mimeType: image.mimeType,
  }));
  const text = imageResultText(result, {
    workspaceRoot: toStorePath(options.workspace),
    document: options.document,
    prompt: options.prompt,
    included: new Set(images.keys()),
  });
  content.push({ type: 'text', text });
  return { content };
}
