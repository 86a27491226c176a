import * as vscode from 'vscode';

/**
 * Every notification shown during the suite, whether a test answered it or it reached the real UI,
 * so the last test can check that none of them held a key.
 */
export const everyShownMessage: string[] = [];

type Window = typeof vscode.window;
type Show = Window['showErrorMessage'];

/** Wraps the real notification functions once, before any test runs; answerMessages records into the same list. */
export function recordEveryMessage(): void {
  const w = vscode.window as {
    -readonly [K in 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage']: Show;
  };
  for (const name of ['showErrorMessage', 'showWarningMessage', 'showInformationMessage'] as const) {
    const real = w[name];
    w[name] = ((message: string, ...rest: unknown[]) => {
      everyShownMessage.push(message, ...rest.filter((r): r is string => typeof r === 'string'));
      return (real as (...args: unknown[]) => Thenable<unknown>).call(vscode.window, message, ...rest);
    }) as Show;
  }
}
