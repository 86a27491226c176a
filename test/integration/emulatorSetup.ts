import * as vscode from 'vscode';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../emulator';

type InputBox = typeof vscode.window.showInputBox;

/** Answers the next input boxes in order, as the person would type them. */
export function answerInputBoxes(answers: string[]): () => void {
  const original = vscode.window.showInputBox;
  (vscode.window as { showInputBox: InputBox }).showInputBox = () => Promise.resolve(answers.shift());
  return () => { (vscode.window as { showInputBox: InputBox }).showInputBox = original; };
}

type Notify = (message: string, ...rest: unknown[]) => Thenable<undefined>;
type NotifyKind = 'showWarningMessage' | 'showErrorMessage';

/** Runs `action` while recording the messages of one kind instead of showing them: a shown notification would wait for a click that never comes. */
export async function recordMessages(kind: NotifyKind, action: () => Thenable<unknown>): Promise<string[]> {
  const window = vscode.window as unknown as Record<NotifyKind, Notify>;
  const original = window[kind];
  const messages: string[] = [];
  window[kind] = (message: string) => {
    messages.push(message);
    return Promise.resolve(undefined);
  };
  try {
    await action();
  } finally {
    window[kind] = original;
  }
  return messages;
}

/**
 * Starts the emulator inside the extension host, points the user setting `imageStudio.baseUrl` at it
 * (application scope: only a user value counts), picks low quality, lifts the pacing and stores the emulator's key.
 */
export function useEmulatorWithKey(): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  before(async () => {
    emulator = await startEmulator({ latencyScale: 0 });
    await config().update('baseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('quality', 'low', vscode.ConfigurationTarget.Global);
    // The default pacing (5 images a minute, tier 1) would make a dozen generations wait past the test timeout.
    await config().update('imagesPerMinute', 1000, vscode.ConfigurationTarget.Global);
    const restore = answerInputBoxes([EMULATOR_TEST_KEY]);
    try { await vscode.commands.executeCommand('imageStudio.setApiKey'); } finally { restore(); }
  });
  after(async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('quality', undefined, vscode.ConfigurationTarget.Global);
    await config().update('imagesPerMinute', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('imageStudio.clearApiKey');
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error('the emulator starts in before()');
    return emulator;
  };
}

/** Reads the image a link line points to, from the document's folder, and checks it is a PNG in the workspace's ignore/ folder. */
export async function linkedPng(document: vscode.TextDocument, relativePath: string): Promise<{ uri: vscode.Uri; bytes: Uint8Array }> {
  const uri = vscode.Uri.joinPath(document.uri, '..', relativePath);
  const bytes = await vscode.workspace.fs.readFile(uri);
  return { uri, bytes };
}
