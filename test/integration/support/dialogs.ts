import * as vscode from 'vscode';
import { everyShownMessage } from './messageLog';

/**
 * Stand-ins for the person at the dialogs: the only thing the integration tests replace. Each returns
 * a restore function; call it in `finally`.
 */
type Window = typeof vscode.window;
type Writable<K extends keyof Window> = { [P in K]: Window[P] };

/** Answers the next input boxes in order, as the person would type them (undefined = Escape). */
export function answerInputBoxes(answers: (string | undefined)[]): () => void {
  const original = vscode.window.showInputBox;
  (vscode.window as Writable<'showInputBox'>).showInputBox = () => Promise.resolve(answers.shift());
  return () => { (vscode.window as Writable<'showInputBox'>).showInputBox = original; };
}

export interface ShownMessage {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly items: string[];
}

/**
 * Records error, warning and information messages and answers them: `choose` returns the button to
 * press (or undefined to dismiss). Modal and non-modal alike.
 */
export function answerMessages(choose: (shown: ShownMessage) => string | undefined = () => undefined): { shown: ShownMessage[]; restore: () => void } {
  const shown: ShownMessage[] = [];
  const originals = { error: vscode.window.showErrorMessage, warning: vscode.window.showWarningMessage, info: vscode.window.showInformationMessage };
  const fake = (severity: ShownMessage['severity']) => ((message: string, ...rest: unknown[]) => {
    const items = rest.filter((r): r is string => typeof r === 'string');
    const entry = { severity, message, items };
    shown.push(entry);
    everyShownMessage.push(message, ...items);
    return Promise.resolve(choose(entry));
  }) as Window['showErrorMessage'];
  const w = vscode.window as Writable<'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage'>;
  w.showErrorMessage = fake('error');
  w.showWarningMessage = fake('warning');
  w.showInformationMessage = fake('info');
  return {
    shown,
    restore: () => {
      w.showErrorMessage = originals.error;
      w.showWarningMessage = originals.warning;
      w.showInformationMessage = originals.info;
    },
  };
}
