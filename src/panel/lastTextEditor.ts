import * as vscode from 'vscode';

/**
 * The text editor the person used last. Focusing the panel can leave `activeTextEditor` unset, so the
 * panel inserts links where the cursor was before the click, as a person expects.
 */
export class LastTextEditor implements vscode.Disposable {
  private editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) this.editor = editor;
  });

  /** The last editor whose document is still open, if any. */
  get(): vscode.TextEditor | undefined {
    const editor = vscode.window.activeTextEditor ?? this.editor;
    if (editor?.document.isClosed)
      return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === editor.document.uri.toString());
    return editor;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
