import * as vscode from 'vscode';
import { commandIds } from '../commands/ids';
import type { ErrorFix } from '../protocol/fixes';

/** Carries out an error's fix button: each kind maps to one fixed action, never a command named by the message (W5). */
export async function runFix(fix: ErrorFix): Promise<void> {
  switch (fix.kind) {
    case 'set-api-key':
      await vscode.commands.executeCommand(commandIds.setApiKey);
      return;
    case 'open-settings':
      await vscode.commands.executeCommand('workbench.action.openSettings', fix.setting);
      return;
    case 'open-url':
      await vscode.env.openExternal(vscode.Uri.parse(fix.url));
      return;
    case 'manage-workspace-trust':
      await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    case 'retry':
    case 'edit-prompt':
      // Handled in the panel itself (it resends its last request or focuses the prompt).
      return;
  }
}
