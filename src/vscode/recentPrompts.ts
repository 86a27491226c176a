import type * as vscode from 'vscode';

const recentPromptsKey = 'imageStudio.recentPrompts';
const keep = 30;

/**
 * Prompts used before, newest first; shared by the palette command and the panel. Prompts are not secrets, so
 * globalState is fine.
 */
export function recentPrompts(state: vscode.Memento): string[] {
  const value = state.get<unknown>(recentPromptsKey, []);
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string').slice(0, keep) : [];
}

/** Puts a prompt first in the recall list (once). */
export async function rememberPrompt(state: vscode.Memento, prompt: string): Promise<void> {
  const trimmed = prompt.trim();
  if (trimmed === '') return;
  await state.update(recentPromptsKey, [trimmed, ...recentPrompts(state).filter((p) => p !== trimmed)].slice(0, keep));
}
