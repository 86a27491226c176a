import * as vscode from 'vscode';
import {
  applicationSettingKeys,
  parseSettings,
  settingsSchema,
  type SettingKey,
  type Settings,
} from '../core/request/settings';

export const configSection = 'imageStudio';

const applicationKeys: ReadonlySet<string> = new Set(applicationSettingKeys);

/**
 * Reads every setting for a scope (the document or workspace folder it applies to). Endpoint settings
 * are taken from user settings only (`globalValue`), so a repository's .vscode/settings.json cannot
 * send the key to another server.
 */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(configSection, scope);
  const raw: Partial<Record<SettingKey, unknown>> = {};
  for (const key of Object.keys(settingsSchema.shape) as SettingKey[]) {
    raw[key] = applicationKeys.has(key) ? config.inspect(key)?.globalValue : config.get(key);
  }
  return parseSettings(raw);
}

/**
 * Whether to show Generate/Regenerate/Open above `image:` comments; read alone, so a bad value in another setting does
 * not make every lens request fail.
 */
export function readCodeLensEnabled(scope?: vscode.ConfigurationScope): boolean {
  return vscode.workspace.getConfiguration(configSection, scope).get<unknown>('codeLens') !== false;
}
