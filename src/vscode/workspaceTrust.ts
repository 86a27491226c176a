import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';

const paysAndWrites =
  'it sends your prompt to the OpenAI API at your cost and writes into this workspace, whose settings choose where';

/**
 * Commands that send prompts to the paid API or write into the workspace refuse in Restricted Mode:
 * an untrusted repository chooses the output folder and the model, and menus' `enablement` does not
 * stop `executeCommand`, so every such handler checks here too. `why` says what the action would do.
 */
export function requireTrustedWorkspace(action: string, why: string = paysAndWrites): void {
  if (vscode.workspace.isTrusted) return;
  throw new ImageStudioError({ kind: 'workspace-untrusted', action, why });
}
