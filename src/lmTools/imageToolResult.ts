import * as vscode from 'vscode';
import type { ImageJobResult } from '../core/engine/runImageJob';
import { imageResultText } from '../core/tools/imageResultText';
import { modelImagesOf } from '../core/tools/modelImages';
import { WorkspaceFileStore } from '../vscode/workspaceFileStore';

export interface ImageToolResultOptions {
  readonly folder: vscode.WorkspaceFolder;
  /** Workspace-relative document the links are relative to; the workspace folder without it. */
  readonly document?: string | undefined;
  /** The alt text of the links. */
  readonly prompt: string;
}

/**
 * A finished job as a tool result: the text (saved paths, Markdown links, cost, request id) first, then each image as a
 * data part, a copy of at most 768 px a side for the model to look at (see downscaleForModel).
 */
export async function imageToolResult(
  result: ImageJobResult,
  options: ImageToolResultOptions,
): Promise<vscode.LanguageModelToolResult> {
  const images = await modelImagesOf(new WorkspaceFileStore(options.folder.uri), result);
  const text = imageResultText(result, {
    workspaceRoot: options.folder.uri.path,
    document: options.document,
    prompt: options.prompt,
    included: new Set(images.keys()),
  });
  return new vscode.LanguageModelToolResult([
    new vscode.LanguageModelTextPart(text),
    ...[...images.values()].map((image) => vscode.LanguageModelDataPart.image(image.bytes, image.mimeType)),
  ]);
}
