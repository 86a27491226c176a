import * as vscode from 'vscode';
import { commandIds, viewIds } from './ids';

/** Focuses the Image Studio view; VS Code resolves it on first show. */
export function registerOpenPanel(): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.openPanel, () =>
    vscode.commands.executeCommand(`${viewIds.panel}.focus`),
  );
}
