import * as vscode from 'vscode';
import { commandIds } from './ids';
import { generateAndLinkWithRetry, type GenerateAndLinkDeps } from './generateAndLink';
import { imageCommentAt } from '../vscode/imageComments';
import type { LinkTarget } from '../vscode/insertImageLink';
import { showError } from '../vscode/showError';

/**
 * Generate or Regenerate from an `image:` comment's CodeLens. With a link already under the comment,
 * a new request saves a new file (the cache is skipped and the old file is kept) and the link is replaced.
 */
export function registerGenerateFromComment(deps: GenerateAndLinkDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.generateFromComment, async (...args: unknown[]): Promise<void> => {
    const found = await imageCommentAt(args).catch(async (err: unknown) => {
      await showError(err, deps);
      return undefined;
    });
    if (!found) return;
    const { document, comment } = found;
    const target: LinkTarget = comment.link
      ? {
          document,
          placement: {
            kind: 'replaceLine',
            line: comment.link.line,
            previousText: document.lineAt(comment.link.line).text,
            indentLine: comment.line,
          },
        }
      : { document, placement: { kind: 'afterLine', line: comment.endLine, indentLine: comment.line } };
    await generateAndLinkWithRetry(deps, comment.prompt, target, { skipCache: comment.link !== undefined });
  });
}
