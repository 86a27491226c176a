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
import { combinedUsageTotals, type CombinedUsage, type SourcedLedger } from '../core/spend/combinedUsage';
import type { LedgerLocation } from '../core/spend/usageLedger';
import { engineFileStore } from './engineFileStore';
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
  /**
   * The CLI's usage ledger folder on this machine (its MCP server's too): read, never written, so the usage shown and
   * the monthly budget count the same account's spend outside the extension.
   */
  readonly cliLedgerFolder?: vscode.Uri;
}

/**
 * Builds the engine's deps from VS Code pieces: workspace.fs stores, the secret key, one shared rate
 * limiter per limit. Every job runs through `run`, so the spend shown elsewhere updates after each one.
 */
export class EngineHost implements vscode.Disposable {
  private limiter: { key: string; limiter: ImageRateLimiter } | undefined;
  private readonly usageChanged = new vscode.EventEmitter<void>();
  /** Fires after a job ends, paid or not, and when the CLI's ledger changes, so views of the spend can refresh. */
  readonly onDidChangeUsage = this.usageChanged.event;
  private readonly cliUsageChanged = new vscode.EventEmitter<void>();
  /** Fires when the CLI's ledger changes only (spend outside the extension), for views that refresh after jobs. */
  readonly onDidChangeCliUsage = this.cliUsageChanged.event;
  private readonly cliLedgerWatcher: vscode.FileSystemWatcher | undefined;

  constructor(private readonly deps: EngineHostDeps) {
    // An agent's spend through the MCP server shows without waiting for the extension's next job.
    if (deps.cliLedgerFolder) {
      this.cliLedgerWatcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(deps.cliLedgerFolder, 'usage-*.jsonl'),
      );
      const changed = (): void => {
        this.cliUsageChanged.fire();
        this.usageChanged.fire();
      };
      this.cliLedgerWatcher.onDidChange(changed);
      this.cliLedgerWatcher.onDidCreate(changed);
    }
  }

  dispose(): void {
    this.cliLedgerWatcher?.dispose();
    this.cliUsageChanged.dispose();
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

  /**
   * Today's and this month's spend from the ledger in the extension's global storage and the CLI's, each recent entry
   * marked by where it ran.
   */
  usage(now: Date = new Date()): Promise<CombinedUsage> {
    const { privateStore, ledgerFolder } = this.privateLocations();
    const ledgers: SourcedLedger[] = [
      { source: 'extension', store: privateStore, folder: ledgerFolder, required: true },
    ];
    const cli = this.cliLedger();
    if (cli) ledgers.push({ source: 'cli', ...cli });
    return combinedUsageTotals({ ledgers, now });
  }

  private cliLedger(): LedgerLocation | undefined {
    const folder = this.deps.cliLedgerFolder;
    return folder ? { store: engineFileStore(folder), folder: folder.path } : undefined;
  }

  /**
   * The ledger, recovered images and the cache index live in global storage: outside every workspace, never committed.
   */
  private privateLocations(): Pick<ImageJobDeps, 'privateStore' | 'ledgerFolder' | 'recoveryFolder' | 'cacheFolder'> {
    const privateRoot = this.deps.globalStorageUri;
    return {
      privateStore: engineFileStore(privateRoot),
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
    // The same account's spend through the CLI and its MCP server counts against the monthly budget too.
    const cli = this.cliLedger();
    return {
      store: engineFileStore(folder.uri),
      ...this.privateLocations(),
      ...(cli ? { countedLedgers: [cli] } : {}),
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
