import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/apiKeyStore';
import type { ImageGeneratorDeps, ImageJob } from '../core/imageGenerator';
import type { ImageRequest } from '../core/imageRequest';
import { ImageRateLimiter } from '../core/rateLimiter';
import type { Settings } from '../core/settings';
import { WorkspaceFileStore } from './workspaceFileStore';

export interface EngineHostDeps {
  readonly keyStore: ApiKeyStore;
  readonly globalStorageUri: vscode.Uri;
}

/** Builds the engine's deps from VS Code pieces: workspace.fs stores, the secret key, one shared rate limiter per limit. */
export class EngineHost {
  private limiter: { key: string; limiter: ImageRateLimiter } | undefined;

  constructor(private readonly deps: EngineHostDeps) {}

  private limiterFor(settings: Settings): ImageRateLimiter {
    const key = `${settings.imagesPerMinute}/${settings.concurrency}`;
    if (this.limiter?.key !== key) this.limiter = { key, limiter: new ImageRateLimiter({ imagesPerMinute: settings.imagesPerMinute, maxConcurrent: settings.concurrency }) };
    return this.limiter.limiter;
  }

  /** Where the usage ledger lives (outside every workspace), for the panel's spend figures. */
  usageLocation(): { store: WorkspaceFileStore; folder: string } {
    return { store: new WorkspaceFileStore(this.deps.globalStorageUri), folder: vscode.Uri.joinPath(this.deps.globalStorageUri, 'usage').path };
  }

  generatorDeps(folder: vscode.WorkspaceFolder, settings: Settings): ImageGeneratorDeps {
    const privateRoot = this.deps.globalStorageUri;
    return {
      store: new WorkspaceFileStore(folder.uri),
      privateStore: new WorkspaceFileStore(privateRoot),
      ledgerFolder: this.usageLocation().folder,
      recoveryFolder: vscode.Uri.joinPath(privateRoot, 'recovered').path,
      getApiKey: () => this.deps.keyStore.get(),
      limiter: this.limiterFor(settings),
      now: () => new Date(),
      confirm: async (message) => (await vscode.window.showWarningMessage(message, { modal: true }, 'Generate')) === 'Generate',
    };
  }

  job(folder: vscode.WorkspaceFolder, settings: Settings, request: ImageRequest): ImageJob {
    return {
      request,
      workspaceRoot: folder.uri.path,
      outputFolder: settings.outputFolder,
      connection: {
        provider: settings.provider,
        ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
        ...(settings.organization ? { organization: settings.organization } : {}),
        ...(settings.project ? { project: settings.project } : {}),
        ...(settings['azure.endpoint'] ? { azureEndpoint: settings['azure.endpoint'] } : {}),
        ...(settings['azure.deployment'] ? { azureDeployment: settings['azure.deployment'] } : {}),
        azureApiVersion: settings['azure.apiVersion'],
      },
      useCache: settings.cache,
      confirmAboveUsd: settings.confirmAboveUsd,
      monthlyBudgetUsd: settings.monthlyBudgetUsd,
      timeoutMs: settings.timeoutSeconds * 1000,
    };
  }
}
