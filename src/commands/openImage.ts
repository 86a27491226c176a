import * as vscode from 'vscode';
import { commandIds } from './ids';
import { existingLinkedImage, imageCommentAt } from '../vscode/imageComments';
import type { Log } from '../vscode/log';
import { showError } from '../vscode/showError';

export interface OpenImageDeps {
  readonly log: Log;
}

/** Opens the image linked under an `image:` comment (the CodeLens "Open"). */
export function registerOpenImage(deps: OpenImageDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.openImage, async (...args: unknown[]): Promise<void> => {
    try {
      const { document, comment } = await imageCommentAt(args);
      const image = await existingLinkedImage(document, comment);
      if (!image) {
        void vscode.window.showWarningMessage(
          `Image Studio: the image linked under line ${comment.line + 1} is not in the workspace any more. Use ` +
            `Generate above the comment to make a new one.`,
        );
        return;
      }
      await vscode.commands.executeCommand('vscode.open', image);
    } catch (err) {
      await showError(err, deps);
    }
  });
}
