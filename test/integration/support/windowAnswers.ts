import * as vscode from 'vscode';
import { everyShownMessage } from './messageLog';

type Window = typeof vscode.window;
type Answerable =
  | 'showInputBox'
  | 'showQuickPick'
  | 'showOpenDialog'
  | 'showWarningMessage'
  | 'showInformationMessage'
  | 'showErrorMessage';

/**
 * Stands in for the person at one `vscode.window` prompt: `answer` receives the prompt's arguments and returns
 * what they would pick. Everything else in the host stays real. Call the returned function to put the real one back.
 */
export function answerWindow<K extends Answerable>(name: K, answer: (...args: unknown[]) => unknown): () => void {
  const window = vscode.window as unknown as Record<K, Window[K]>;
  const original = window[name];
  const isMessage = name === 'showWarningMessage' || name === 'showInformationMessage' || name === 'showErrorMessage';
  window[name] = ((...args: unknown[]) => {
    // Answered messages still count as shown: the suite's last check looks for keys in every one of them.
    if (isMessage) everyShownMessage.push(...args.filter((a): a is string => typeof a === 'string'));
    return Promise.resolve(answer(...args));
  }) as unknown as Window[K];
  return () => {
    window[name] = original;
  };
}

/**
 * Answers the next text prompts in order, as the person would type them and press Enter (undefined:
 * Escape): input boxes, and the quick pick Generate Image asks for its prompt in, whose other items
 * (the recent prompts) the person passes over.
 */
export function answerInputBoxes(answers: (string | undefined)[]): () => void {
  const restoreInput = answerWindow('showInputBox', () => answers.shift());
  const window = vscode.window as { createQuickPick: Window['createQuickPick'] };
  const realCreateQuickPick = window.createQuickPick;
  window.createQuickPick = (<T extends vscode.QuickPickItem>() =>
    typedQuickPick<T>(answers.shift())) as Window['createQuickPick'];
  return () => {
    window.createQuickPick = realCreateQuickPick;
    restoreInput();
  };
}

/**
 * The part of a QuickPick the person types into: on show() it takes the typed text, lets the owner update
 * its items, then accepts whatever item the owner made active (Enter), or hides on Escape.
 */
function typedQuickPick<T extends vscode.QuickPickItem>(typed: string | undefined): vscode.QuickPick<T> {
  const accept = new vscode.EventEmitter<void>();
  const hide = new vscode.EventEmitter<void>();
  const changeValue = new vscode.EventEmitter<string>();
  const picker = {
    title: undefined as string | undefined,
    placeholder: undefined as string | undefined,
    value: '',
    items: [] as readonly T[],
    activeItems: [] as readonly T[],
    selectedItems: [] as readonly T[],
    ignoreFocusOut: false,
    matchOnDescription: false,
    matchOnDetail: false,
    busy: false,
    enabled: true,
    canSelectMany: false,
    onDidAccept: accept.event,
    onDidHide: hide.event,
    onDidChangeValue: changeValue.event,
    show: () => {
      // The person types once the picker shows: after show() returns, so its owner's code runs first.
      queueMicrotask(() => {
        if (typed === undefined) {
          hide.fire();
          return;
        }
        picker.value = typed;
        changeValue.fire(typed);
        accept.fire();
      });
    },
    hide: () => hide.fire(),
    dispose: () => {
      accept.dispose();
      hide.dispose();
      changeValue.dispose();
    },
  };
  return picker as unknown as vscode.QuickPick<T>;
}

/** Picks, in order, the quick-pick item with each label. */
export function answerQuickPicks(labels: string[]): () => void {
  return answerWindow('showQuickPick', async (items) => {
    const label = labels.shift();
    return (await (items as Thenable<vscode.QuickPickItem[]>)).find((item) => item.label === label);
  });
}

/** Chooses, in order, each file in the open dialogs. */
export function answerOpenDialogs(files: vscode.Uri[]): () => void {
  return answerWindow('showOpenDialog', () => {
    const file = files.shift();
    return file ? [file] : undefined;
  });
}

/** Records each message of this kind and answers with the button `choose` returns for it. */
export function answerMessages(
  kind: 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage',
  seen: string[],
  choose: (message: string) => string | undefined = () => undefined,
): () => void {
  return answerWindow(kind, (message) => {
    seen.push(String(message));
    return choose(String(message));
  });
}

/**
 * Runs `action` while recording the messages of one kind instead of showing them: a shown notification would wait for a
 * click that never comes.
 */
export async function recordMessages(
  kind: 'showWarningMessage' | 'showErrorMessage',
  action: () => Thenable<unknown>,
): Promise<string[]> {
  const messages: string[] = [];
  await withAnswers([answerMessages(kind, messages)], action);
  return messages;
}

/** Runs `action` with the given answers in place, and always restores the real prompts. */
export async function withAnswers<T>(restorers: (() => void)[], action: () => Thenable<T> | Promise<T>): Promise<T> {
  try {
    return await action();
  } finally {
    for (const restore of restorers.reverse()) restore();
  }
}

export interface ShownMessage {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly items: string[];
}

/**
 * Records error, warning and information messages alike, with their buttons, and answers each with the
 * button `choose` returns (undefined dismisses it). For flows whose messages are not known in advance.
 */
export function answerEveryMessage(choose: (shown: ShownMessage) => string | undefined = () => undefined): {
  shown: ShownMessage[];
  restore: () => void;
} {
  const shown: ShownMessage[] = [];
  const answer =
    (severity: ShownMessage['severity']) =>
    (...args: unknown[]) => {
      const entry = {
        severity,
        message: String(args[0]),
        items: args.slice(1).filter((a): a is string => typeof a === 'string'),
      };
      shown.push(entry);
      return choose(entry);
    };
  const restorers = [
    answerWindow('showErrorMessage', answer('error')),
    answerWindow('showWarningMessage', answer('warning')),
    answerWindow('showInformationMessage', answer('info')),
  ];
  return {
    shown,
    restore: () => {
      for (const restore of restorers.reverse()) restore();
    },
  };
}
