/**
 * Writing what a request cost into the usage ledger the moment it may have cost anything: before saving, so that no
 * failure to save, lock or write the manifest can leave a paid request out of the monthly cap. A ledger that cannot
 * be written is reported as a note, never thrown, so it cannot cost the person the image either.
 */
import type { CostEstimate } from './estimateCost';
import type { SpendNote } from '../errorReason';
import type { ImageStudioError } from '../errors';
import type { AgentRun } from '../request/agentRun';
import type { ImageRequest } from '../request/imageRequest';
import { appendUsage, type LedgerLocation, type UsageEntry } from './usageLedger';

/**
 * Appends `entry`; returns undefined when it was written, else a note that the spend is missing from the totals
 * (worded by `spendNoteText`).
 */
export async function recordSpend(ledger: LedgerLocation, entry: UsageEntry): Promise<SpendNote | undefined> {
  try {
    await appendUsage({ ...ledger, entry });
    return undefined;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/\.$/, '') : String(err);
    return { kind: 'not-recorded', usd: entry.costUsd, possiblyBilled: entry.possiblyBilled === true, detail };
  }
}

export interface PossiblyBilledRequest {
  readonly at: Date;
  readonly request: Pick<ImageRequest, 'model' | 'kind' | 'prompt'>;
  /** The worst-case estimate made before sending: what the request is counted at. */
  readonly estimate: Pick<CostEstimate, 'usd' | 'inputTokens' | 'outputTokens'>;
  /** The agent that asked, recorded with the line. */
  readonly agent?: AgentRun | undefined;
}

/**
 * Records a request that failed in a way that may still be charged (`err.mayHaveBilled`) at its estimate, with no
 * images, and notes on the error what was recorded, or that recording failed.
 */
export async function recordPossiblyBilled(
  ledger: LedgerLocation,
  err: ImageStudioError,
  failed: PossiblyBilledRequest,
): Promise<void> {
  const { request, estimate } = failed;
  const problem = await recordSpend(ledger, {
    at: failed.at.toISOString(),
    model: request.model,
    kind: request.kind,
    images: 0,
    inputTokens: estimate.inputTokens,
    outputTokens: estimate.outputTokens,
    costUsd: estimate.usd,
    estimated: true,
    ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
    cached: false,
    promptPreview: request.prompt,
    possiblyBilled: true,
    ...(failed.agent ? { agent: failed.agent } : {}),
  });
  err.noteSpend(problem ?? { kind: 'counted-possibly-billed', usd: estimate.usd });
}
