import * as vscode from 'vscode';
import { formatUsd } from '../core/spend/estimateCost';
import type { ImageJobEvent, ImageJobResult, RunOptions } from '../core/engine/runImageJob';
import type { JobRequest } from '../core/engine/jobRequest';
import type { Settings } from '../core/request/settings';
import type { EngineHost } from './engineHost';
import type { Log } from './log';

export interface RunGenerationDeps {
  readonly engine: EngineHost;
  readonly log: Log;
}

export type Progress = vscode.Progress<{ message?: string; increment?: number }>;

function describe(event: ImageJobEvent): string | undefined {
  switch (event.type) {
    case 'queued':
      return event.position > 0 ? `Queued (position ${event.position})…` : 'Queued…';
    case 'waiting':
      return `Waiting ${Math.ceil(event.ms / 1000)} s for the images-per-minute limit…`;
    case 'retry-wait':
      return `Rate limited by the API: retrying in ${Math.ceil(event.ms / 1000)} s…`;
    case 'started':
      return 'Generating…';
    case 'partial':
      return `Preview ${event.index + 1} received…`;
    case 'saving':
      return 'Saving…';
  }
}

/**
 * Turns job events into progress messages (after `prefix`), with a live countdown during rate-limit waits; dispose when
 * the job ends.
 */
export function progressReporter(
  progress: Progress,
  prefix = '',
): { onEvent: (event: ImageJobEvent) => void; dispose: () => void } {
  let countdown: ReturnType<typeof setInterval> | undefined;
  const stop = (): void => {
    if (countdown) clearInterval(countdown);
    countdown = undefined;
  };
  return {
    onEvent: (event) => {
      stop();
      const message = describe(event);
      if (message) progress.report({ message: `${prefix}${message}` });
      if (event.type === 'waiting' || event.type === 'retry-wait') {
        const until = Date.now() + event.ms;
        countdown = setInterval(
          () =>
            progress.report({
              message: `${prefix}Waiting ${Math.max(0, Math.ceil((until - Date.now()) / 1000))} s for the rate limit…`,
            }),
          1000,
        );
      }
    },
    dispose: stop,
  };
}

/**
 * Runs `task` under a cancellable progress notification (the only kind with a Cancel button, N5); Cancel aborts the
 * signal.
 */
export function withCancellableProgress<T>(task: (progress: Progress, signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Image Studio', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return await task(progress, controller.signal);
      } finally {
        subscription.dispose();
      }
    },
  );
}

/** "$0.04", "$0.04 (estimated)" or "reused from the cache, no charge". */
export function costText(result: ImageJobResult): string {
  return result.cached
    ? 'reused from the cache, no charge'
    : `${formatUsd(result.costUsd)}${result.estimated ? ' (estimated)' : ''}`;
}

/** Logs how a job ended: images, cost, request id, and any notices, which are also shown. */
export function logResult(log: Log, result: ImageJobResult): void {
  log.info(
    `done: ${result.images.length} image(s), ` +
      `${costText(result)}${result.requestId ? ` (request ${result.requestId})` : ''}`,
  );
  showNotices(log, result);
}

/**
 * Notices are what the person must know although the job went on: spend the ledger could not take, a manifest set
 * aside.
 */
export function showNotices(log: Log, result: ImageJobResult): void {
  for (const notice of result.notices) {
    log.warn(notice);
    void vscode.window.showWarningMessage(`Image Studio: ${notice}`);
  }
}

/** Runs a job under a cancellable progress notification that shows the queue, rate-limit waits and previews. */
export function runGenerationWithProgress(
  deps: RunGenerationDeps,
  folder: vscode.WorkspaceFolder,
  settings: Settings,
  request: JobRequest,
  onSaved?: RunOptions['onSaved'],
): Thenable<ImageJobResult> {
  return withCancellableProgress(async (progress, signal) => {
    const reporter = progressReporter(progress);
    try {
      deps.log.info(
        `request: ${request.kind} model=${request.model} size=${request.size ?? 'auto'} ` +
          `quality=${request.quality ?? 'auto'} n=${request.n ?? 1} stream=${request.stream ?? false}`,
      );
      const result = await deps.engine.run(folder, settings, request, {
        signal,
        onEvent: reporter.onEvent,
        ...(onSaved ? { onSaved } : {}),
      });
      logResult(deps.log, result);
      return result;
    } finally {
      reporter.dispose();
    }
  });
}
