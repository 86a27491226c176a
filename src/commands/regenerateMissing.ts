import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/secrets/apiKeyStore';
import { errorText } from '../core/errorText';
import { vscodeErrorWords } from '../vscode/errorWords';
import { ImageStudioError } from '../core/errors';
import { formatUsd } from '../core/spend/estimateCost';
import { planRegeneration, type RegenerationItem, type RegenerationPlan } from '../core/engine/regeneration';
import { confirmationDetail } from '../core/engine/regenerationSummary';
import type { Settings } from '../core/request/settings';
import { commandIds } from './ids';
import { promptAndStoreApiKey } from './setApiKey';
import type { EngineHost } from '../vscode/engineHost';
import type { Log } from '../vscode/log';
import { costText, logResult, progressReporter, withCancellableProgress } from '../vscode/runGeneration';
import { readSettings } from '../vscode/settingsReader';
import { showError } from '../vscode/showError';
import { WorkspaceFileStore } from '../vscode/workspaceFileStore';

export interface RegenerateMissingDeps {
  readonly engine: EngineHost;
  readonly keyStore: ApiKeyStore;
  readonly log: Log;
}

export const regenerateLabel = 'Regenerate';

interface FolderPlan {
  readonly folder: vscode.WorkspaceFolder;
  readonly settings: Settings;
  readonly plan: RegenerationPlan;
}

interface Tally {
  regenerated: number;
  skipped: number;
  failed: number;
  costUsd: number;
}

// Failures that belong to one image (its prompt, its options, its inputs): the others can still be made.
const PER_IMAGE_FAILURES = new Set(['moderation-blocked', 'invalid-option', 'invalid-image']);

async function planFolders(deps: RegenerateMissingDeps): Promise<FolderPlan[]> {
  const plans: FolderPlan[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    // The output folder setting is the one existing folder regeneration writes into.
    const settings = readSettings(folder.uri);
    const plan = await planRegeneration({
      store: new WorkspaceFileStore(folder.uri),
      workspaceRoot: folder.uri.path,
      outputFolder: settings.outputFolder,
    });
    for (const { entry, reason } of plan.unusable) deps.log.warn(`cannot regenerate ${entry.file}: ${reason}`);
    if (plan.items.length > 0 || plan.unusable.length > 0) plans.push({ folder, settings, plan });
  }
  return plans;
}

async function confirm(plans: FolderPlan[], count: number): Promise<boolean> {
  const estimate = plans.reduce((sum, p) => sum + p.plan.estimateUsd, 0);
  const choice = await vscode.window.showWarningMessage(
    `Regenerate ${count} missing image${count === 1 ? '' : 's'}? Estimated cost ${formatUsd(estimate)}.`,
    { modal: true, detail: confirmationDetail(plans.map((p) => ({ name: p.folder.name, plan: p.plan }))) },
    regenerateLabel,
  );
  return choice === regenerateLabel;
}

async function regenerateOne(
  deps: RegenerateMissingDeps,
  plan: FolderPlan,
  item: RegenerationItem,
  progress: Parameters<typeof progressReporter>[0],
  prefix: string,
  signal: AbortSignal,
  tally: Tally,
): Promise<void> {
  const reporter = progressReporter(progress, prefix);
  try {
    // The total was confirmed up front, so no per-image cost question; the monthly budget still applies.
    const outcome = await deps.engine.regenerate(plan.folder, plan.settings, item, {
      confirmAboveUsd: 0,
      signal,
      onEvent: reporter.onEvent,
    });
    if (outcome.kind === 'skipped') {
      deps.log.info(outcome.reason);
      tally.skipped++;
      return;
    }
    logResult(deps.log, outcome.result);
    deps.log.info(`regenerated ${item.entry.file} (${costText(outcome.result)})`);
    tally.regenerated++;
    tally.costUsd += outcome.result.costUsd;
  } catch (err) {
    if (!(err instanceof ImageStudioError && PER_IMAGE_FAILURES.has(err.kind))) throw err;
    deps.log.error(`could not regenerate ${item.entry.file}: ${errorText(err, vscodeErrorWords)}`);
    tally.failed++;
  } finally {
    reporter.dispose();
  }
}

/** Regenerates, under one cancellable progress showing "n of m", every missing image the person confirmed. */
async function regenerateAll(
  deps: RegenerateMissingDeps,
  plans: FolderPlan[],
  count: number,
  tally: Tally,
): Promise<void> {
  await withCancellableProgress(async (progress, signal) => {
    let index = 0;
    for (const plan of plans) {
      for (const item of plan.plan.items) {
        index++;
        progress.report({ message: `${index} of ${count}: ${item.entry.file}` });
        await regenerateOne(deps, plan, item, progress, `${index} of ${count}: `, signal, tally);
        progress.report({ increment: 100 / count });
      }
    }
  });
}

function summary(tally: Tally): string {
  const parts = [
    `regenerated ${tally.regenerated} image${tally.regenerated === 1 ? '' : 's'} (${formatUsd(tally.costUsd)})`,
  ];
  if (tally.skipped) parts.push(`${tally.skipped} skipped because the file exists again`);
  if (tally.failed) parts.push(`${tally.failed} failed (see the log)`);
  return `Image Studio: ${parts.join(', ')}.`;
}

export function registerRegenerateMissing(deps: RegenerateMissingDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.regenerateMissing, async (): Promise<void> => {
    const tally: Tally = { regenerated: 0, skipped: 0, failed: 0, costUsd: 0 };
    try {
      const plans = await planFolders(deps);
      const count = plans.reduce((sum, p) => sum + p.plan.items.length, 0);
      if (count === 0) {
        const unusable = plans.reduce((sum, p) => sum + p.plan.unusable.length, 0);
        void vscode.window.showInformationMessage(
          unusable
            ? `Image Studio: ${unusable} missing image${unusable === 1 ? '' : 's'} cannot be regenerated; the log ` +
                `says why.`
            : 'Image Studio: no images are missing. Every image in the manifest is in place.',
        );
        return;
      }
      if (!(await confirm(plans, count))) return;
      if (!(await deps.keyStore.get()) && !(await promptAndStoreApiKey(deps))) return;
      await regenerateAll(deps, plans, count, tally);
      void vscode.window.showInformationMessage(summary(tally));
    } catch (err) {
      // What was made before a cancel or a failure is saved and recorded: say so.
      if (tally.regenerated > 0) void vscode.window.showInformationMessage(summary(tally));
      await showError(err, deps);
    }
  });
}
