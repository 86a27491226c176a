import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/secrets/apiKeyStore';
import type { Settings } from '../core/request/settings';
import type { HistoryWindow } from '../protocol/gallery';
import type { StateMessage } from '../protocol/messages';
import type { ComposeOptions } from '../protocol/options';
import type { EngineHost } from '../vscode/engineHost';
import type { Log } from '../vscode/log';
import { recentPrompts } from '../vscode/recentPrompts';
import { readSettings } from '../vscode/settingsReader';
import { modelChoices } from './modelChoices';
import { readUsageSummary } from './usageSummary';
import { maxPromptChars } from '../protocol/limits';

export interface PanelStateDeps {
  readonly keyStore: ApiKeyStore;
  readonly engine: EngineHost;
  readonly state: vscode.Memento;
  readonly log: Log;
}

/** The compose form's starting values: the person's settings for the first workspace folder. */
export function defaultsFrom(settings: Settings): ComposeOptions {
  return {
    model: settings.model,
    size: settings.size,
    quality: settings.quality,
    background: settings.background,
    outputFormat: settings.outputFormat,
    outputCompression: settings.outputCompression,
    n: settings.imageCount,
    stream: settings.streamPreviews && settings.partialImages > 0,
  };
}

function safeSettings(log: Log, scope: vscode.Uri | undefined): Settings {
  try {
    return readSettings(scope);
  } catch (err) {
    // A bad setting must not blank the panel; the error shows again when a request uses it.
    log.warn(`panel: ${err instanceof Error ? err.message : String(err)}`);
    return readSettings(undefined);
  }
}

/** Everything the panel shows, built fresh on each `ready` and after each change. */
export async function buildState(deps: PanelStateDeps, history: HistoryWindow): Promise<StateMessage> {
  const settings = safeSettings(deps.log, vscode.workspace.workspaceFolders?.[0]?.uri);
  const now = new Date();
  const usage = await readUsageSummary(deps.engine, settings.monthlyBudgetUsd, now).catch((err: unknown) => {
    deps.log.warn(`panel: could not read the usage ledger: ${err instanceof Error ? err.message : String(err)}`);
    return { todayUsd: 0, monthUsd: 0, monthlyBudgetUsd: settings.monthlyBudgetUsd, recent: [] };
  });
  return {
    type: 'state',
    hasApiKey: (await deps.keyStore.get()) !== undefined,
    trusted: vscode.workspace.isTrusted,
    defaults: defaultsFrom(settings),
    models: modelChoices(settings.model, settings.size, now),
    recentPrompts: recentPrompts(deps.state).filter((p) => p.length <= maxPromptChars),
    history,
    usage,
  };
}
