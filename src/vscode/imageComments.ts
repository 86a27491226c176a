import * as vscode from 'vscode';
import * as z from 'zod';
import { findLinkedImageComments, type LinkedImageComment } from '../core/text/imageLinkLine';

/**
 * What a CodeLens passes to its command: the document and the comment's line, never a prompt, path or
 * key. The command reads both again from the document, so a stale lens or another caller cannot steer it.
 */
const imageCommentArgsSchema = z.tuple([z.string().min(1).max(4096), z.number().int().min(0).max(10_000_000)]);

export type ImageCommentArgs = z.output<typeof imageCommentArgsSchema>;

/** The arguments a lens gives its command for a comment. */
export function imageCommentArgs(document: vscode.TextDocument, comment: LinkedImageComment): ImageCommentArgs {
  return [document.uri.toString(), comment.line];
}

/** The `image:` comments of a document with the link under each, if any. */
export function linkedImageComments(document: vscode.TextDocument): LinkedImageComment[] {
  return findLinkedImageComments(document.getText(), document.languageId, document.uri.path);
}

export interface ImageCommentAt {
  readonly document: vscode.TextDocument;
  readonly comment: LinkedImageComment;
}

/**
 * Parses a command's arguments and finds the comment they name; a clear error when they are malformed or the comment is
 * gone.
 */
export async function imageCommentAt(args: readonly unknown[]): Promise<ImageCommentAt> {
  const parsed = imageCommentArgsSchema.safeParse(args);
  if (!parsed.success)
    throw new Error(
      'This command runs from the Generate, Regenerate and Open links above `image:` comments; use Generate ' +
        'Image from Selection instead.',
    );
  const [uri, line] = parsed.data;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
  const comment = linkedImageComments(document).find((c) => c.line === line);
  if (!comment)
    throw new Error(
      `There is no \`image:\` comment on line ${line + 1} of ` +
        `${vscode.workspace.asRelativePath(document.uri)} any more; it was edited meanwhile.`,
    );
  return { document, comment };
}

/**
 * The linked image when it exists as a file inside a workspace folder; undefined otherwise (a link never opens files
 * elsewhere).
 */
export async function existingLinkedImage(
  document: vscode.TextDocument,
  comment: LinkedImageComment,
): Promise<vscode.Uri | undefined> {
  if (!comment.link) return undefined;
  const uri = document.uri.with({ path: comment.link.imagePath, query: '', fragment: '' });
  if (!vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return stat.type & vscode.FileType.File ? uri : undefined;
  } catch {
    return undefined;
  }
}
