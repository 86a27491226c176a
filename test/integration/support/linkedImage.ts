import * as vscode from 'vscode';

/** Reads the image a link line points to, from the document's folder. */
export async function linkedPng(
  document: vscode.TextDocument,
  relativePath: string,
): Promise<{ uri: vscode.Uri; bytes: Uint8Array }> {
  const uri = vscode.Uri.joinPath(document.uri, '..', relativePath);
  const bytes = await vscode.workspace.fs.readFile(uri);
  return { uri, bytes };
}
