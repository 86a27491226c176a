import * as vscode from 'vscode';
import { commandIds } from './ids';
import type { Log } from '../vscode/log';

export interface GenerateImageDeps {
  readonly log: Log;
}

export function registerGenerateImage(deps: GenerateImageDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.generateImage, async () => {
    const prompt = await vscode.window.showInputBox({ title: 'Image Studio: Generate Image', prompt: 'Describe the image', ignoreFocusOut: true });
    if (!prompt) return;
    deps.log.info(`generate requested (${prompt.length} characters)`);
  });
}
