import * as vscode from 'vscode';
import type { ApiKeyStore } from '../core/secrets/apiKeyStore';
import {
  runImageJob,
  type ImageJobDeps,
  type ImageJob,
  type ImageJobResult,
  type RunOptions,
} from '../core/engine/runImageJob';
import type { JobRequest } from '../core/engine/jobRequest';
import { regenerateImage, type RegenerationItem, type RegenerationOutcome } from '../core/engine/regeneration';
import { ImageRateLimiter } from '../core/api/rateLimiter';
import type { AgentRun } from '../core/request/agentRun';
import type { Settings } from '../core/request/settings';
import { usageTotals, type UsageTotals } from '../core/spend/usageLedger';
import { WorkspaceFileStore } from './workspaceFileStore';
import { requireTrustedWorkspace } from './workspaceTrust';
import { vscodeCostQuestion } from './errorWords';

/** What a caller other than a person at a command adds to a job. */
export interface HostRunOptions extends RunOptions {
  /** The agent that asked, recorded with the job's manifest entries and ledger lines. */
  readonly agent?: AgentRun;
  /** Asks before a request above the confirmation threshold, in place of the modal dialog the commands show. */
  readonly confirm?: ImageJobDeps['confirm'];
}

export interface EngineHostDeps {
  readonly keyStore: ApiKeyStore;
  readonly globalStorageUri: vscode.Uri;
}

/**
 * Builds the engine's deps from VS Code pieces: workspace.fs stores, the secret key, one shared rate
 * limiter per limit. Every job runs through `run`, so the spend shown elsewhere updates after each one.
 */
export class EngineHost implements vscode.Disposable {
  private limiter: { key: string; limiter: ImageRateLimiter } | undefined;
  private readonly usageChanged = new vscode.EventEmitter<void>();
  /** Fires after a job ends, paid or not, so views of the spend can refresh. */
  readonly onDidChangeUsage = this.usageChanged.event;

  constructor(private readonly deps: EngineHostDeps) {}

  dispose(): void {
    this.usageChanged.dispose();
  }

  /** Runs one job in a workspace folder under the given settings. */
  async run(
    folder: vscode.WorkspaceFolder,
    settings: Settings,
    request: JobRequest,
    options: HostRunOptions = {},
  ): Promise<ImageJobResult> {
    // The one gate every caller (palette, CodeLens, panel, language-model tools) passes through.
    requireTrustedWorkspace(request.kind === 'edit' ? 'Editing images' : 'Generating images');
    try {
      const { agent, confirm, ...run } = options;
      const deps = this.generatorDeps(folder, settings);
      const job = this.job(folder, settings, request);
      return await runImageJob(confirm ? { ...deps, confirm } : deps, agent ? { ...job, agent } : job, run);
    } finally {
      this.usageChanged.fire();
    }
  }

  /** Remakes one image the manifest records, at its recorded path, through the same gate as `run`. */
  async regenerate(
    folder: vscode.WorkspaceFolder,
    settings: Settings,
    item: RegenerationItem,
    options: RunOptions & { confirmAboveUsd?: number } = {},
  ): Promise<RegenerationOutcome> {
    requireTrustedWorkspace('Regenerating images');
    try {
      const job = {
        ...this.job(folder, settings, item.request),
        ...(options.confirmAboveUsd !== undefined ? { confirmAboveUsd: options.confirmAboveUsd } : {}),
      };
      return await regenerateImage(this.generatorDeps(folder, settings), job, item, options);
    } finally {
      this.usageChanged.fire();
    }
  }

  /** Today's and this month's spend from the ledger in the extension's global storage. */
  usage(now: Date = new Date()): Promise<UsageTotals> {
    const { privateStore, ledgerFolder } = this.privateLocations();
    return usageTotals({ store: privateStore, folder: ledgerFolder, now });
  }

  /**
   * The ledger, recovered images and the cache index live in global storage: outside every workspace, never committed.
   */
  private privateLocations(): Pick<ImageJobDeps, 'privateStore' | 'ledgerFolder' | 'recoveryFolder' | 'cacheFolder'> {
    const privateRoot = this.deps.globalStorageUri;
    return {
      privateStore: new WorkspaceFileStore(privateRoot),
      ledgerFolder: vscode.Uri.joinPath(privateRoot, 'usage').path,
      recoveryFolder: vscode.Uri.joinPath(privateRoot, 'recovered').path,
      cacheFolder: vscode.Uri.joinPath(privateRoot, 'cache').path,
    };
  }

  private limiterFor(settings: Settings): ImageRateLimiter {
    const key = `${settings.imagesPerMinute}/${settings.concurrency}`;
    if (this.limiter?.key !== key)
      this.limiter = {
        key,
        limiter: new ImageRateLimiter({
          imagesPerMinute: settings.imagesPerMinute,
          maxConcurrent: settings.concurrency,
        }),
      };
    return this.limiter.limiter;
  }

  generatorDeps(folder: vscode.WorkspaceFolder, settings: Settings): ImageJobDeps {
    return {
      store: new WorkspaceFileStore(folder.uri),
      ...this.privateLocations(),
      getApiKey: () => this.deps.keyStore.get(),
      limiter: this.limiterFor(settings),
      now: () => new Date(),
      confirm: async (question) =>
        (await vscode.window.showWarningMessage(vscodeCostQuestion(question), { modal: true }, 'Generate')) ===
        'Generate',
    };
  }

  job(folder: vscode.WorkspaceFolder, settings: Settings, request: JobRequest): ImageJob {
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
