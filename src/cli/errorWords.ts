/**
 * The command line's words for the engine's error reasons: its flags, OPENAI_API_KEY and `.env`, where VS Code would
 * name settings and commands.
 */
import type { ErrorReason, OptionName } from '../core/errorReason';
import { neutralReasonText, type OptionNames } from '../core/errorText';
import { costQuestionText, type CostQuestion } from '../core/spend/budget';
import { ENV_API_KEY_NAME } from '../core/secrets/envApiKey';
import { missingKeyMessage } from './cliConfig';
import type { CliIo } from './cliIo';
import { CONFIRM_ABOVE_ENV, MONTHLY_BUDGET_ENV } from './spendingLimits';

/** The flag (and variable) that sets an option. */
export function flagName(option: OptionName): string {
  switch (option) {
    case 'model':
      return '--model';
    case 'moderation':
      return '--moderation';
    case 'outputFolder':
      return '--output-folder';
    case 'monthlyBudget':
      return `--monthly-budget (or ${MONTHLY_BUDGET_ENV})`;
    case 'connection':
      return '--base-url';
  }
}

/** Where the cost threshold is set on the command line. */
export const CONFIRM_ABOVE_NAME = `--confirm-above (or ${CONFIRM_ABOVE_ENV})`;

const FLAG_NAMES: OptionNames = { option: flagName };

/** The cost question as the command line asks it; `ask` false for a host that cannot ask (MCP without elicitation). */
export function cliCostQuestion(question: CostQuestion, ask = true): string {
  return costQuestionText(question, CONFIRM_ABOVE_NAME, ask);
}

/** The command line's words for `reason`, for a process working in `io.cwd`; undefined where neutral words fit. */
export function cliErrorWords(io: Pick<CliIo, 'cwd'>): (reason: ErrorReason) => string | undefined {
  return (reason) => {
    switch (reason.kind) {
      case 'no-api-key':
        return missingKeyMessage(io);
      case 'invalid-api-key':
        return `The OpenAI API key was rejected: check ${ENV_API_KEY_NAME} (in the environment or .env).`;
      case 'api-key-unusable':
        return reason.problem === 'env-file-skipped'
          ? `${neutralReasonText(reason)} Set ${ENV_API_KEY_NAME} in the environment instead.`
          : undefined;
      case 'batch-record-missing':
        return (
          `No record of batch ${reason.batchId} in ${reason.folder}: run fetch in the workspace the batch was ` +
          'submitted from (or pass --workspace).'
        );
      case 'model-not-found':
      case 'moderation-blocked':
      case 'model-retired':
      case 'budget-exceeded':
      case 'output-folder-not-allowed':
      case 'output-folder-is-workspace':
      case 'output-folder-reserved':
      case 'symbolic-link':
      case 'folder-not-writable':
        return neutralReasonText(reason, FLAG_NAMES);
      case 'setting-invalid':
      case 'cancelled':
      case 'billing-limit':
      case 'insufficient-quota':
      case 'organization-unverified':
      case 'access-denied':
      case 'rate-limited':
      case 'rate-limit-wait-too-long':
      case 'input-image-rejected':
      case 'api-option-rejected':
      case 'stream-failed':
      case 'stream-ended-early':
      case 'no-image-data':
      case 'gateway-gave-up':
      case 'server-error':
      case 'api-error':
      case 'not-connected':
      case 'connection-lost':
      case 'timed-out':
      case 'unexpected':
      case 'request-invalid':
      case 'option-refused':
      case 'connection-setting-missing':
      case 'url-invalid':
      case 'empty-selection':
      case 'mask-without-alpha':
      case 'mask-size-mismatch':
      case 'input-image-too-large':
      case 'input-image-unreadable':
      case 'input-image-type-mismatch':
      case 'image-invalid':
      case 'edit-input-unusable':
      case 'output-folder-missing':
      case 'path-outside-workspace':
      case 'wrong-file-type':
      case 'workspace-path-invalid':
      case 'file-busy':
      case 'save-check-failed':
      case 'file-too-large':
      case 'too-many-entries':
      case 'manifest-full':
      case 'manifest-would-overflow':
      case 'not-generated-file-name':
      case 'no-free-file-name':
      case 'image-not-saved':
      case 'manifest-unreadable':
      case 'regeneration-refused':
      case 'regeneration-folder-refused':
      case 'regeneration-outside-folder':
      case 'edit-inputs-not-recorded':
      case 'prompts-file-invalid':
      case 'prompts-file-empty':
      case 'prompts-file-too-long':
      case 'prompts-file-unreadable':
      case 'batch-id-invalid':
      case 'batch-record-invalid':
      case 'batch-record-not-json':
      case 'batch-record-mismatch':
      case 'batch-too-many-requests':
      case 'batch-record-too-large':
      case 'batch-not-finished':
      case 'no-workspace-folder':
      case 'workspace-untrusted':
      case 'job-already-running':
      case 'no-text-editor':
      case 'image-not-in-history':
      case 'image-gone':
      case 'image-missing':
      case 'image-unavailable':
      case 'trash-failed':
        return undefined;
    }
  };
}
