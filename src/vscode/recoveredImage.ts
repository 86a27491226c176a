import * as vscode from 'vscode';
import type { ImageSaveError } from '../core/files/saveImage';

/** Where recovered images live: the extension's global storage, on the extension host's file system. */
export interface RecoveryLocation {
  readonly globalStorageUri: vscode.Uri;
}

export const saveAsLabel = 'Save As…';
export const openRecoveredLabel = 'Open Recovered Image';

/** The buttons an ImageSaveError gets: the bytes can always be saved elsewhere, and opened when a copy was kept. */
export function recoveredImageActions(error: ImageSaveError): string[] {
  return error.recoveredPath ? [saveAsLabel, openRecoveredLabel] : [saveAsLabel];
}

/** Carries out Save As… or Open for the paid-for bytes the failed save kept (F5). */
export async function actOnRecoveredImage(
  error: ImageSaveError,
  choice: string,
  location: RecoveryLocation,
): Promise<void> {
  const recovered = error.recoveredPath ? location.globalStorageUri.with({ path: error.recoveredPath }) : undefined;
  if (choice === openRecoveredLabel && recovered) {
    await vscode.commands.executeCommand('vscode.open', recovered);
    return;
  }
  if (choice !== saveAsLabel) return;
  const name = error.recoveredPath?.split('/').pop() ?? 'image.png';
  const defaultUri = vscode.workspace.workspaceFolders?.[0]
    ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, name)
    : undefined;
  // The save dialog itself asks before replacing an existing file: the person chose the target.
  const target = await vscode.window.showSaveDialog({
    title: 'Save the generated image',
    saveLabel: 'Save Image',
    ...(defaultUri ? { defaultUri } : {}),
    filters: { Images: ['png', 'jpg', 'jpeg', 'webp'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, error.bytes);
  void vscode.window.showInformationMessage(`Image Studio: saved ${vscode.workspace.asRelativePath(target)}.`);
}
