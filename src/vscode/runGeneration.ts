import * as vscode from 'vscode';
import { formatUsd } from '../core/estimateCost';
import type { ImageJobEvent, ImageJobResult } from '../core/imageGenerator';
import type { ImageRequest } from '../core/imageRequest';
import type { Settings } from '../core/settings';
import type { EngineHost } from './engineHost';
import type { Log } from './log';

export interface RunGenerationDeps {
  readonly engine: EngineHost;
  readonly log: Log;
}

function describe(event: ImageJobEvent): string | undefined {
  switch (event.type) {
    case 'queued': return event.position > 0 ? `Queued (position ${event.position})…` : 'Queued…';
    case 'waiting': return `Waiting ${Math.ceil(event.ms / 1000)} s for the images-per-minute limit…`;
    case 'retry-wait': return `Rate limited by the API: retrying in ${Math.ceil(event.ms / 1000)} s…`;
    case 'started': return 'Generating…';
    case 'partial': return `Preview ${event.index + 1} received…`;
    case 'saving': return 'Saving…';
  }
}

/** Runs a job under a cancellable progress notification that shows the queue, rate-limit waits and previews. */
export function runGenerationWithProgress(deps: RunGenerationDeps, folder: vscode.WorkspaceFolder, settings: Settings, request: ImageRequest): Thenable<ImageJobResult> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Image Studio', cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    let countdown: ReturnType<typeof setInterval> | undefined;
    try {
      deps.log.info(`request: ${request.kind} model=${request.model} size=${request.size} quality=${request.quality} n=${request.n} stream=${request.stream}`);
      const result = await deps.engine.run(folder, settings, request, {
        signal: controller.signal,
        onEvent: (event) => {
          if (countdown) clearInterval(countdown);
          countdown = undefined;
          const message = describe(event);
          if (message) progress.report({ message });
          if (event.type === 'waiting' || event.type === 'retry-wait') {
            const until = Date.now() + event.ms;
            countdown = setInterval(() => progress.report({ message: `Waiting ${Math.max(0, Math.ceil((until - Date.now()) / 1000))} s for the rate limit…` }), 1000);
          }
        },
      });
      deps.log.info(`done: ${result.images.length} image(s), ${result.cached ? 'from cache' : `${formatUsd(result.costUsd)}${result.estimated ? ' (estimated)' : ''}`}${result.requestId ? ` (request ${result.requestId})` : ''}`);
      for (const notice of result.notices) deps.log.warn(notice);
      return result;
    } finally {
      if (countdown) clearInterval(countdown);
      subscription.dispose();
    }
  });
}
