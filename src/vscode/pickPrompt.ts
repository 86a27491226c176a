import * as vscode from 'vscode';

export interface PickPromptOptions {
  readonly title: string;
  /** Earlier prompts, newest first. */
  readonly recent: readonly string[];
}

interface PromptItem extends vscode.QuickPickItem {
  readonly prompt: string;
}

/**
 * Asks for a prompt in a quick pick: what the person types becomes the first entry, and their recent
 * prompts follow, filtered as they type, so an earlier prompt is one arrow key away. Resolves undefined
 * on Escape.
 */
export function pickPrompt(options: PickPromptOptions): Promise<string | undefined> {
  const picker = vscode.window.createQuickPick<PromptItem>();
  picker.title = options.title;
  picker.placeholder = options.recent.length
    ? 'Describe the image, or pick a recent prompt'
    : 'Describe the image, e.g. a watercolor lighthouse at dusk, soft light';
  picker.ignoreFocusOut = true;
  picker.matchOnDescription = false;
  // Labels render codicons: `$(` in a prompt must show as typed, so the text goes in an escaped label.
  const label = (text: string): string => text.replace(/\$\(/g, '\\$(');
  const recentItems: PromptItem[] = options.recent.map((prompt) => ({
    label: label(prompt),
    description: 'recent',
    prompt,
  }));
  const refresh = (): void => {
    const typed = picker.value.trim();
    const typedItem: PromptItem | undefined =
      typed && !options.recent.includes(typed)
        ? { label: label(typed), description: 'new prompt', alwaysShow: true, prompt: typed }
        : undefined;
    picker.items = typedItem ? [typedItem, ...recentItems] : recentItems;
    if (typedItem) picker.activeItems = [typedItem];
  };
  refresh();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: string | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(value);
      picker.hide();
    };
    picker.onDidChangeValue(refresh);
    picker.onDidAccept(() => {
      const chosen = picker.activeItems[0]?.prompt ?? picker.value.trim();
      if (chosen === '') {
        // Nothing typed and no recent prompt: stay open and say what is needed.
        picker.placeholder = 'Type a description of the image first, then press Enter';
        return;
      }
      finish(chosen);
    });
    picker.onDidHide(() => {
      finish(undefined);
      picker.dispose();
    });
    picker.show();
  });
}
