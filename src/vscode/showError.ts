import * as vscode from 'vscode';
import { errorText } from '../core/errorText';
import { ImageStudioError } from '../core/errors';
import { redact } from '../core/secrets/redact';
import { ImageSaveError } from '../core/files/saveImage';
import type { Log } from './log';
import { fixLabel } from '../protocol/fixes';
import { vscodeErrorFixes, vscodeErrorWords } from './errorWords';
import { actOnRecoveredImage, recoveredImageActions, type RecoveryLocation } from './recoveredImage';

/**
 * Shows an error with a button per fix, logs it (redacted), and carries out the chosen fix. Returns 'retry' when asked
 * to.
 */
export async function showError(
  err: unknown,
  deps: { readonly log: Log; readonly recovery?: RecoveryLocation },
): Promise<'retry' | 'edit-prompt' | undefined> {
  const error = err instanceof ImageStudioError ? err : undefined;
  const message = error ? errorText(error, vscodeErrorWords) : redact(err instanceof Error ? err.message : String(err));
  if (error?.kind === 'cancelled') {
    deps.log.info(message);
    return undefined;
  }
  deps.log.error(`[${error?.kind ?? 'error'}] ${message}`);
  const fixes = error ? vscodeErrorFixes(error.reason) : [];
  const saveError = err instanceof ImageSaveError && deps.recovery ? err : undefined;
  const recoveryActions = saveError ? recoveredImageActions(saveError) : [];
  const choice = await vscode.window.showErrorMessage(
    `Image Studio: ${message}`,
    ...recoveryActions,
    ...fixes.map(fixLabel),
    'Open Log',
  );
  const fix = fixes.find((f) => fixLabel(f) === choice);
  if (choice === 'Open Log') deps.log.show();
  if (saveError && deps.recovery && choice && recoveryActions.includes(choice)) {
    await actOnRecoveredImage(saveError, choice, deps.recovery);
    return undefined;
  }
  if (!fix) return undefined;
  switch (fix.kind) {
    case 'set-api-key':
      await vscode.commands.executeCommand('imageStudio.setApiKey');
      return undefined;
    case 'open-settings':
      await vscode.commands.executeCommand('workbench.action.openSettings', fix.setting);
      return undefined;
    case 'open-url':
      await vscode.env.openExternal(vscode.Uri.parse(fix.url));
      return undefined;
    case 'retry':
      return 'retry';
    case 'edit-prompt':
      return 'edit-prompt';
    case 'manage-workspace-trust':
      await vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
  }
}
