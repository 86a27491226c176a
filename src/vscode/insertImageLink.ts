import * as vscode from 'vscode';
import { imageLinkText } from '../core/imageLinkText';
import type { Settings } from '../core/settings';

/** Where the person asked for the image: the document and cursor at the time, since generation takes a while. */
export interface LinkTarget {
  readonly document: vscode.TextDocument;
  readonly position: vscode.Position;
  /** Put the link on its own line after `position`'s line (used for selected comments). */
  readonly onNextLine: boolean;
}

/** Captures the active editor's document and cursor; undefined when no text editor is active. */
export function captureLinkTarget(onNextLine: boolean): LinkTarget | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const position = onNextLine ? editor.selection.end : editor.selection.active;
  return { document: editor.document, position, onNextLine };
}

/**
 * Inserts the link as plain text (never a snippet: prompt text may hold `$`). If the document was
 * closed meanwhile, the image is already saved, so the link is offered for the clipboard instead.
 */
export async function insertImageLink(target: LinkTarget, imageUri: vscode.Uri, prompt: string, linkStyle: Settings['linkStyle']): Promise<'inserted' | 'copied' | 'skipped'> {
  const text = imageLinkText({ documentPath: target.document.uri.path, languageId: target.document.languageId, imagePath: imageUri.path, alt: prompt, linkStyle });
  if (target.document.isClosed) {
    const choice = await vscode.window.showInformationMessage('Image Studio: the document was closed, so the link was not inserted.', 'Copy Link');
    if (choice !== 'Copy Link') return 'skipped';
    await vscode.env.clipboard.writeText(text);
    return 'copied';
  }
  const edit = new vscode.WorkspaceEdit();
  if (target.onNextLine) {
    const line = target.document.lineAt(Math.min(target.position.line, target.document.lineCount - 1));
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    edit.insert(target.document.uri, line.range.end, `\n${indent}${text}`);
  } else {
    edit.insert(target.document.uri, target.position, text);
  }
  return (await vscode.workspace.applyEdit(edit)) ? 'inserted' : 'skipped';
}
