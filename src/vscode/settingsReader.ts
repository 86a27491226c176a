import * as vscode from 'vscode';

export const configSection = 'imageStudio';

/** The model id from settings; any id is allowed because new models ship before the extension updates. */
export function readModel(scope?: vscode.ConfigurationScope): string {
  const value = vscode.workspace.getConfiguration(configSection, scope).get<unknown>('model');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : 'gpt-image-2';
}
