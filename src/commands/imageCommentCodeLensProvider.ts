import * as vscode from 'vscode';
import { commentLanguageIds } from '../core/text/commentPrompt';
import { commandIds } from './ids';
import { existingLinkedImage, imageCommentArgs, linkedImageComments } from '../vscode/imageComments';
import { readCodeLensEnabled } from '../vscode/settingsReader';

/** Generate (no image yet) or Regenerate + Open (an image is linked on the next line) above each `image:` comment. */
export class ImageCommentCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [
    this.changed,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('imageStudio.codeLens')) this.changed.fire();
    }),
    // Generating needs a trusted workspace (the commands' enablement); lenses appear once it is granted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
  ];

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.isTrusted || !readCodeLensEnabled(document.uri)) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const comment of linkedImageComments(document)) {
      if (token.isCancellationRequested) return [];
      const range = document.lineAt(comment.line).range;
      const args = imageCommentArgs(document, comment);
      const image = await existingLinkedImage(document, comment);
      if (image) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(sync) Regenerate Image',
            tooltip:
              `Generate a new image for "${comment.prompt}"; the current file is kept and the link points to the ` +
              `new one`,
            command: commandIds.generateFromComment,
            arguments: [...args],
          }),
          new vscode.CodeLens(range, {
            title: '$(file-media) Open Image',
            tooltip: vscode.workspace.asRelativePath(image),
            command: commandIds.openImage,
            arguments: [...args],
          }),
        );
      } else {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(sparkle) Generate Image',
            tooltip: `Generate "${comment.prompt}" and link it on the next line`,
            command: commandIds.generateFromComment,
            arguments: [...args],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** Registers the lenses for every language whose comment syntax Image Studio knows. */
export function registerImageCommentCodeLens(): vscode.Disposable {
  const provider = new ImageCommentCodeLensProvider();
  const selector: vscode.DocumentSelector = commentLanguageIds().map((language) => ({ language }));
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider(selector, provider));
}
