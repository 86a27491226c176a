import { posix } from 'node:path';
import { checkBudget, type CostQuestion } from '../spend/budget';
import { callImagesApi, type ImagesApiResult } from '../api/callImagesApi';
import type { SpendNote } from '../errorReason';
import { spendNoteText } from '../errorText';
import { ImageStudioError } from '../errors';
import { costFromUsage, estimateCost, type CostEstimate } from '../spend/estimateCost';
import type { FileStore } from '../files/fileStore';
import { findCachedImage, rememberSavedImages } from '../files/imageCache';
import { getImageClient, type ClientConfig } from '../api/imageClient';
import type { AgentRun } from '../request/agentRun';
import type { ImageRequest } from '../request/imageRequest';
import { loadJobRequest, type JobRequest } from './jobRequest';
import { manifestGrowth } from '../files/manifest';
import { resolveOutputFolder } from '../files/outputFolder';
import type { ImageRateLimiter, ScheduleEvent } from '../api/rateLimiter';
import { recordPossiblyBilled, recordSpend } from '../spend/recordSpend';
import { resolveRegenerationFolder, type RegenerationFolder } from './regenerationFolder';
import { timeoutFor } from '../api/requestTimeout';
import { withRetries } from '../api/retryPolicy';
import { checkSaveReady, nothingSentOnFailure } from '../files/savePreflight';
import { saveGeneratedImages, type SavedImageResult } from './saveGeneratedImages';
import { isSavableFileName, MAX_RECEIVED_IMAGE_BYTES } from '../files/saveImage';
import { budgetTotals } from '../spend/budgetTotals';
import type { LedgerLocation, UsageEntry } from '../spend/usageLedger';

/** What the engine needs from its host (extension or CLI), passed once. */
export interface ImageJobDeps {
  /** Files of the workspace the images go into. */
  readonly store: FileStore;
  /** Where the usage ledger and recovered images live (outside the workspace). */
  readonly privateStore: FileStore;
  readonly ledgerFolder: string;
  /**
   * Other ledgers of the same account this host reads but never writes, counted against the monthly budget (the
   * extension's: the CLI's).
   */
  readonly countedLedgers?: readonly LedgerLocation[];
  readonly recoveryFolder: string;
  /** The private index of images this installation saved: the only source of cache hits. */
  readonly cacheFolder: string;
  readonly getApiKey: () => Promise<string | undefined>;
  readonly limiter: ImageRateLimiter;
  readonly now: () => Date;
  /** Asks the person before a request above the confirmation threshold; false cancels. */
  readonly confirm: (question: CostQuestion) => Promise<boolean>;
}

/** One generation or edit, with where it goes and the limits it runs under. */
export interface ImageJob {
  /** A ready request, or an edit of workspace files that is read (and its mask checked) before anything is sent. */
  readonly request: JobRequest;
  readonly workspaceRoot: string;
  readonly outputFolder: string;
  readonly connection: Omit<ClientConfig, 'apiKey'>;
  readonly useCache: boolean;
  readonly confirmAboveUsd: number;
  readonly monthlyBudgetUsd: number;
  /** 0 or undefined: chosen per quality and size. */
  readonly timeoutMs?: number;
  /**
   * Regenerates a manifest entry whose file is missing: saved at that same workspace-relative path, the entry updated
   * in place.
   */
  readonly regenerate?: { readonly entryId: string; readonly file: string; readonly folder: RegenerationFolder };
  /** The agent that asked for the job, recorded in its ledger lines and manifest entries. */
  readonly agent?: AgentRun;
}

export type ImageJobEvent =
  | ScheduleEvent
  | { type: 'retry-wait'; ms: number; attempt: number }
  | { type: 'partial'; index: number; b64: string }
  | { type: 'saving' };

export type { SavedImageResult } from './saveGeneratedImages';

export interface ImageJobResult {
  readonly images: readonly SavedImageResult[];
  readonly costUsd: number;
  readonly estimated: boolean;
  readonly cached: boolean;
  readonly requestId?: string;
  /** Things worth telling the person that did not stop the job (a corrupt manifest set aside, say). */
  readonly notices: readonly string[];
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ImageJobEvent) => void;
  /** The new images' paths, the moment they are in place (before the manifest and cache are updated). */
  readonly onSaved?: (paths: readonly string[]) => void;
}

/** The planned folder, checked to be the entry's own: a target naming another folder is refused, not followed. */
function planned(target: NonNullable<ImageJob['regenerate']>): RegenerationFolder {
  if (posix.dirname(target.file) !== target.folder.folder) {
    throw new ImageStudioError({
      kind: 'regeneration-outside-folder',
      file: target.file,
      folder: target.folder.folder,
    });
  }
  return target.folder;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImageStudioError({ kind: 'cancelled', when: 'job' });
}

/**
 * Runs one image job end to end: budget, cache, pacing, the call with its retry policy, the usage ledger
 * (written as soon as the API has answered, or has failed in a way that may be billed), then checked and
 * atomic saving and the manifest. Paid-for bytes are never dropped: saving keeps them in the recovery
 * folder when the workspace refuses them.
 */
export async function runImageJob(
  deps: ImageJobDeps,
  job: ImageJob,
  options: RunOptions = {},
): Promise<ImageJobResult> {
  const { signal, onEvent } = options;
  const location = { store: deps.store, workspaceRoot: job.workspaceRoot };
  const ledger = { store: deps.privateStore, folder: deps.ledgerFolder };
  const { request, sources } = await loadJobRequest(location, job.request);
  const target = job.regenerate;
  if (target && !isSavableFileName(posix.basename(target.file), request.outputFormat)) {
    // Checked before paying: saving would refuse the name afterwards.
    throw new ImageStudioError({
      kind: 'not-generated-file-name',
      fileName: target.file,
      format: request.outputFormat,
      check: 'regeneration',
    });
  }
  // A regenerated image goes back where the manifest says, but only into the output folder or a folder it creates.
  const folder = await nothingSentOnFailure(() =>
    target
      ? resolveRegenerationFolder(location, planned(target), job.outputFolder)
      : resolveOutputFolder({ ...location, outputFolder: job.outputFolder }),
  );
  const cacheIndex = { store: deps.privateStore, folder: deps.cacheFolder };

  // Not when regenerating: a cache hit is another file, and the entry's own path must be filled.
  if (job.useCache && !target) {
    const cached = await findCachedImage({ ...location, outputFolder: folder, index: cacheIndex, request });
    if (cached) {
      const problem = await recordSpend(ledger, {
        at: deps.now().toISOString(),
        model: request.model,
        kind: request.kind,
        images: 1,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        estimated: false,
        cached: true,
        promptPreview: request.prompt,
        ...(job.agent ? { agent: job.agent } : {}),
      });
      return {
        images: [{ path: cached.path, manifestId: cached.manifestId, sha256: cached.sha256, warnings: [] }],
        costUsd: 0,
        estimated: false,
        cached: true,
        notices: problem ? [spendNoteText(problem)] : [],
      };
    }
  }
  await checkSaveReady({
    ...location,
    folders: [folder],
    growth: manifestGrowth(
      request.prompt,
      request.n,
      sources ? [...sources.images, ...(sources.mask !== undefined ? [sources.mask] : [])] : [],
    ),
  });

  const estimate = estimateCost(request);
  const totals = await budgetTotals({
    own: { store: deps.privateStore, folder: deps.ledgerFolder },
    counted: deps.countedLedgers ?? [],
    now: deps.now(),
    capped: job.monthlyBudgetUsd > 0,
  });
  const decision = checkBudget({
    estimateUsd: estimate.usd,
    totals,
    confirmAboveUsd: job.confirmAboveUsd,
    monthlyCapUsd: job.monthlyBudgetUsd,
  });
  if (decision.kind === 'confirm' && !(await deps.confirm(decision.question)))
    throw new ImageStudioError({ kind: 'cancelled', when: 'unconfirmed' });

  const apiKey = await deps.getApiKey();
  if (!apiKey) throw new ImageStudioError({ kind: 'no-api-key' });
  throwIfCancelled(signal);
  const client = getImageClient({ ...job.connection, apiKey });
  const timeoutMs = job.timeoutMs && job.timeoutMs > 0 ? job.timeoutMs : timeoutFor(request);

  // Spend the ledger could not take: said in the result, or added to the error if saving fails afterwards.
  const ledgerProblems: SpendNote[] = [];
  const { answer, answeredAt } = await deps.limiter.schedule(
    request.n,
    () =>
      withRetries(
        async () => {
          let answer: ImagesApiResult;
          const sentAt = deps.limiter.time();
          try {
            answer = await callImagesApi(client, request, {
              signal,
              timeoutMs,
              knownSecrets: [apiKey],
              maxImageBytes: MAX_RECEIVED_IMAGE_BYTES,
              onPartial: (p) => onEvent?.({ type: 'partial', index: p.index, b64: p.b64 }),
            });
          } catch (err) {
            if (err instanceof ImageStudioError && err.kind === 'rate-limited')
              deps.limiter.noteRateLimited(err.retryAfterMs);
            // Every attempt that may have cost money is counted (only 429s are retried, and they are not billed).
            if (err instanceof ImageStudioError && err.mayHaveBilled)
              await recordPossiblyBilled(ledger, err, { at: deps.now(), request, estimate, agent: job.agent });
            throw err;
          }
          if (answer.headers) deps.limiter.noteHeaders(answer.headers, sentAt);
          // Recorded the moment the API has answered: nothing after this (saving, the manifest, the cache) can skip it.
          const answeredAt = deps.now();
          const problem = await recordSpend(ledger, {
            ...paidEntry(request, answer, answeredAt, estimate),
            ...(job.agent ? { agent: job.agent } : {}),
          });
          if (problem) ledgerProblems.push(problem);
          return { answer, answeredAt };
        },
        { signal, onWait: (ms, attempt) => onEvent?.({ type: 'retry-wait', ms, attempt }) },
      ),
    { signal, onEvent },
  );

  onEvent?.({ type: 'saving' });
  const { cost, estimated } = pricedAnswer(request, answer, estimate);
  let saved: Awaited<ReturnType<typeof saveGeneratedImages>>;
  try {
    saved = await saveGeneratedImages({
      store: deps.store,
      workspaceRoot: job.workspaceRoot,
      folder,
      recoveryFolder: deps.recoveryFolder,
      now: answeredAt,
      request,
      images: answer.images,
      answered: answer,
      cost,
      sources,
      regenerate: target,
      agent: job.agent,
      onSaved: options.onSaved,
    });
  } catch (err) {
    if (err instanceof ImageStudioError) for (const note of ledgerProblems) err.noteSpend(note);
    else if (ledgerProblems.length > 0 && err instanceof Error)
      err.message = `${err.message} ${ledgerProblems.map(spendNoteText).join(' ')}`;
    throw err;
  }
  await rememberSavedImages({
    index: cacheIndex,
    workspaceRoot: job.workspaceRoot,
    request,
    images: saved.images,
    now: answeredAt,
  });
  const notices = [...ledgerProblems.map(spendNoteText), ...saved.notices];
  return {
    images: saved.images,
    costUsd: cost.usd,
    estimated,
    cached: false,
    ...(answer.requestId ? { requestId: answer.requestId } : {}),
    notices,
  };
}

/** What an answer cost: priced from its `usage` when the API reported one, else the estimate made before sending. */
function pricedAnswer(
  request: ImageRequest,
  answer: ImagesApiResult,
  estimate: CostEstimate,
): { cost: CostEstimate; estimated: boolean } {
  const actual = costFromUsage(request.model, answer.usage);
  return { cost: actual ?? estimate, estimated: actual === undefined || actual.estimated };
}

function paidEntry(request: ImageRequest, answer: ImagesApiResult, at: Date, estimate: CostEstimate): UsageEntry {
  const { cost, estimated } = pricedAnswer(request, answer, estimate);
  return {
    at: at.toISOString(),
    model: request.model,
    kind: request.kind,
    images: answer.images.length,
    inputTokens: cost.inputTokens,
    outputTokens: cost.outputTokens,
    costUsd: cost.usd,
    estimated,
    ...(answer.requestId ? { requestId: answer.requestId } : {}),
    cached: false,
    promptPreview: request.prompt,
  };
}
