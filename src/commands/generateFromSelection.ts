import * as vscode from 'vscode';
import { promptFromSelection } from '../core/text/commentPrompt';
import { errorText } from '../core/errorText';
import { vscodeErrorWords } from '../vscode/errorWords';
import { ImageStudioError } from '../core/errors';
import { commandIds } from './ids';
import { generateAndLinkWithRetry, type GenerateAndLinkDeps } from './generateAndLink';
import { linkTargetAfterSelection } from '../vscode/insertImageLink';
import { showError } from '../vscode/showError';

/** The selection (often a comment such as `// image: a red fox`) is the prompt; the link goes on the line after it. */
export function registerGenerateFromSelection(deps: GenerateAndLinkDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.generateFromSelection, async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(
        'Image Studio: open a file and select the text or comment that describes the image.',
      );
      return;
    }
    const selection = editor.selection;
    if (selection.isEmpty) {
      void vscode.window.showWarningMessage(
        'Image Studio: nothing is selected. Select the text or comment that describes the image, then run ' +
          'Generate Image from Selection again.',
      );
      return;
    }
    let prompt: string;
    try {
      prompt = promptFromSelection(editor.document.getText(selection), editor.document.languageId).prompt;
    } catch (err) {
      // Nothing left once the comment markers are gone: a hint, not a failure with fixes to offer.
      if (err instanceof ImageStudioError)
        void vscode.window.showWarningMessage(`Image Studio: ${errorText(err, vscodeErrorWords)}`);
      else await showError(err, deps);
      return;
    }
    // Captured now: the person may move the cursor or switch editors while the image renders.
    await generateAndLinkWithRetry(deps, prompt, linkTargetAfterSelection(editor.document, selection));
  });
}
