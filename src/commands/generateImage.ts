import * as vscode from 'vscode';
import { commandIds } from './ids';
import { generateAndLinkWithRetry, type GenerateAndLinkDeps } from './generateAndLink';
import { captureLinkTarget } from '../vscode/insertImageLink';
import { pickPrompt } from '../vscode/pickPrompt';
import { recentPrompts, rememberPrompt } from '../vscode/recentPrompts';
import { showError } from '../vscode/showError';
import { requireTrustedWorkspace } from '../vscode/workspaceTrust';

export interface GenerateImageDeps extends GenerateAndLinkDeps {
  readonly state: vscode.Memento;
}

async function askForPrompt(deps: GenerateImageDeps): Promise<string | undefined> {
  const prompt = await pickPrompt({ title: 'Image Studio: Generate Image', recent: recentPrompts(deps.state) });
  if (prompt === undefined) return undefined;
  await rememberPrompt(deps.state, prompt);
  return prompt;
}

export function registerGenerateImage(deps: GenerateImageDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.generateImage, async (): Promise<void> => {
    try {
      // Refused before asking for a prompt; the engine host checks again before anything is sent.
      requireTrustedWorkspace('Generate Image');
    } catch (err) {
      await showError(err, deps);
      return;
    }
    const target = captureLinkTarget();
    const prompt = await askForPrompt(deps);
    if (!prompt) return;
    await generateAndLinkWithRetry(deps, prompt, target);
  });
}
