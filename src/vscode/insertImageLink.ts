import * as vscode from 'vscode';
import { imageLinkText } from '../core/text/imageLinkText';
import type { Settings } from '../core/request/settings';

/** Where in the document the link goes. */
export type LinkPlacement =
  /** At the cursor (Generate Image). */
  | { readonly kind: 'cursor'; readonly position: vscode.Position }
  /** On its own line after `line`, indented like `indentLine` (under a selected or `image:` comment). */
  | { readonly kind: 'afterLine'; readonly line: number; readonly indentLine: number }
  /** In place of the link on `line` (Regenerate); the old image file is kept, only the link changes. */
  | { readonly kind: 'replaceLine'; readonly line: number; readonly previousText: string; readonly indentLine: number };

/** Where the person asked for the image: the document and place at the time, since generation takes a while. */
export interface LinkTarget {
  readonly document: vscode.TextDocument;
  readonly placement: LinkPlacement;
}

/** Captures the active editor's document and cursor; undefined when no text editor is active. */
export function captureLinkTarget(): LinkTarget | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return { document: editor.document, placement: { kind: 'cursor', position: editor.selection.active } };
}

/**
 * The line after a selection; a selection that ends at the start of a line (whole lines selected) ends on the line
 * before.
 */
export function linkTargetAfterSelection(document: vscode.TextDocument, selection: vscode.Selection): LinkTarget {
  const endsAtLineStart = selection.end.character === 0 && selection.end.line > selection.start.line;
  const line = endsAtLineStart ? selection.end.line - 1 : selection.end.line;
  return { document, placement: { kind: 'afterLine', line, indentLine: selection.start.line } };
}

function linkTexts(
  target: LinkTarget,
  imageUris: readonly vscode.Uri[],
  prompt: string,
  linkStyle: Settings['linkStyle'],
): string[] {
  const besideComment = target.placement.kind !== 'cursor';
  return imageUris.map((uri) =>
    imageLinkText({
      documentPath: target.document.uri.path,
      languageId: target.document.languageId,
      imagePath: uri.path,
      alt: prompt,
      linkStyle,
      besideComment,
    }),
  );
}

function indentOf(document: vscode.TextDocument, line: number): string {
  const text = document.lineAt(Math.min(Math.max(line, 0), document.lineCount - 1));
  return text.text.slice(0, text.firstNonWhitespaceCharacterIndex);
}

/** The old link's line now: where it was, or where edits made meanwhile moved it; undefined when it is gone. */
function currentLineOf(document: vscode.TextDocument, line: number, text: string): number | undefined {
  if (line < document.lineCount && document.lineAt(line).text === text) return line;
  for (let index = 0; index < document.lineCount; index++) {
    if (document.lineAt(index).text === text) return index;
  }
  return undefined;
}

function editFor(target: LinkTarget, texts: readonly string[]): vscode.WorkspaceEdit {
  const { document, placement } = target;
  const edit = new vscode.WorkspaceEdit();
  if (placement.kind === 'cursor') {
    edit.insert(document.uri, placement.position, texts.join('\n'));
    return edit;
  }
  const indent = indentOf(document, placement.indentLine);
  const block = texts.map((text) => `${indent}${text}`).join('\n');
  if (placement.kind === 'replaceLine') {
    const line = currentLineOf(document, placement.line, placement.previousText);
    if (line !== undefined) {
      edit.replace(document.uri, document.lineAt(line).range, block);
      return edit;
    }
  }
  // The old link was edited away meanwhile: the new one goes under the comment, nothing else is touched.
  const after = Math.min(
    Math.max(placement.kind === 'replaceLine' ? placement.line - 1 : placement.line, 0),
    document.lineCount - 1,
  );
  // At the start of the next line, so a selection ending on `after` does not grow over the link.
  if (after + 1 < document.lineCount)
    edit.insert(
      document.uri,
      new vscode.Position(after + 1, 0),
      `${block}${document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'}`,
    );
  else edit.insert(document.uri, document.lineAt(after).range.end, `\n${block}`);
  return edit;
}

/**
 * Whether the person still has the document open in a tab; VS Code keeps a closed tab's document loaded for a while.
 */
function isOpenInTab(document: vscode.TextDocument): boolean {
  if (document.isClosed) return false;
  const uri = document.uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri),
  );
}

/**
 * Inserts the links as plain text (never a snippet: prompt text may hold `$`). If the person closed the
 * document meanwhile, it is not silently changed behind their back: the images are saved already, and
 * the link is offered for the clipboard or to insert after all.
 */
export async function insertImageLinks(
  target: LinkTarget,
  imageUris: readonly vscode.Uri[],
  prompt: string,
  linkStyle: Settings['linkStyle'],
): Promise<'inserted' | 'copied' | 'skipped'> {
  if (imageUris.length === 0) return 'skipped';
  const texts = linkTexts(target, imageUris, prompt, linkStyle);
  if (!isOpenInTab(target.document)) {
    const copy = 'Copy Link';
    const insert = 'Open and Insert';
    const name = vscode.workspace.asRelativePath(target.document.uri);
    const choice = await vscode.window.showInformationMessage(
      `Image Studio: ${name} was closed while the image was made, so the link was not inserted. The image is saved.`,
      copy,
      ...(target.document.isUntitled ? [] : [insert]),
    );
    if (choice === copy) {
      await vscode.env.clipboard.writeText(texts.join('\n'));
      return 'copied';
    }
    if (choice !== insert) return 'skipped';
    const document = await vscode.workspace.openTextDocument(target.document.uri);
    await vscode.window.showTextDocument(document);
    return (await vscode.workspace.applyEdit(editFor({ ...target, document }, texts))) ? 'inserted' : 'skipped';
  }
  return (await vscode.workspace.applyEdit(editFor(target, texts))) ? 'inserted' : 'skipped';
}
