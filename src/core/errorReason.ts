/**
 * What went wrong, as data: one member per distinct failure, with what a host needs to word it and pick its fix. No
 * host words here (no command titles, setting ids or flags): options are named as the engine names them.
 */

/** The options a host lets the person change, named without any host's prefix or flag syntax. */
export type OptionName = 'model' | 'moderation' | 'outputFolder' | 'monthlyBudget' | 'connection';

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

/** How the API key came to be unusable, for a host that reads it from the environment or a `.env` file. */
export type KeySourceProblem = 'environment-invalid' | 'env-file-unreadable' | 'env-file-invalid' | 'env-file-skipped';

/** A check before sending that failed, and which file name it refused. */
export type FileNameCheck = 'save' | 'regeneration-plan' | 'regeneration';

export type ErrorReason =
  // The request and the API's answers.
  | {
      readonly kind: 'cancelled';
      readonly when: 'unknown' | 'job' | 'before-sending' | 'after-sending' | 'unconfirmed';
    }
  | { readonly kind: 'moderation-blocked'; readonly categories: readonly string[] }
  | { readonly kind: 'billing-limit' }
  | { readonly kind: 'insufficient-quota' }
  | { readonly kind: 'no-api-key' }
  | {
      readonly kind: 'api-key-unusable';
      readonly problem: KeySourceProblem;
      /** The variable or file the key was looked for in. */
      readonly source: string;
      readonly detail: string;
    }
  | { readonly kind: 'invalid-api-key' }
  | { readonly kind: 'model-not-found'; readonly model: string }
  | { readonly kind: 'model-retired'; readonly model: string }
  | { readonly kind: 'organization-unverified'; readonly model: string }
  | { readonly kind: 'access-denied'; readonly model: string; readonly apiMessage: string }
  | { readonly kind: 'rate-limited'; readonly model: string; readonly retryAfterMs?: number }
  | { readonly kind: 'rate-limit-wait-too-long'; readonly waitMs: number; readonly maxWaitMs: number }
  | { readonly kind: 'input-image-rejected'; readonly apiMessage: string }
  | {
      readonly kind: 'api-option-rejected';
      readonly model: string;
      readonly param?: string;
      readonly apiMessage: string;
    }
  | { readonly kind: 'stream-failed'; readonly apiMessage: string }
  | { readonly kind: 'stream-ended-early' }
  | { readonly kind: 'no-image-data'; readonly model: string }
  | { readonly kind: 'gateway-gave-up'; readonly status: number }
  | { readonly kind: 'server-error'; readonly status: number }
  | { readonly kind: 'api-error'; readonly status: number; readonly apiMessage: string }
  | { readonly kind: 'not-connected'; readonly codes: readonly string[] }
  | { readonly kind: 'connection-lost'; readonly codes: readonly string[] }
  | { readonly kind: 'timed-out' }
  | { readonly kind: 'unexpected'; readonly detail: string }
  // What was asked.
  | { readonly kind: 'request-invalid'; readonly problem: string }
  | {
      readonly kind: 'option-refused';
      readonly option: string;
      readonly value: string;
      readonly allowed: readonly string[];
    }
  | { readonly kind: 'setting-invalid'; readonly setting: string; readonly problem: string }
  | { readonly kind: 'connection-setting-missing'; readonly setting: 'azureEndpoint' | 'azureDeployment' }
  | {
      readonly kind: 'url-invalid';
      readonly label: string;
      readonly problem: 'not-a-url' | 'not-http' | 'credentials' | 'blocked-port';
      /** With 'blocked-port': the port fetch refuses. */
      readonly port?: number;
    }
  | { readonly kind: 'empty-selection' }
  | {
      readonly kind: 'budget-exceeded';
      readonly spentUsd: number;
      readonly capUsd: number;
      readonly estimateUsd: number;
    }
  // Input images.
  | { readonly kind: 'mask-without-alpha' }
  | { readonly kind: 'mask-size-mismatch'; readonly mask: PixelSize; readonly image: PixelSize }
  | { readonly kind: 'input-image-too-large'; readonly label: string; readonly bytes: number }
  | { readonly kind: 'input-image-unreadable'; readonly label: string; readonly name: string; readonly detail: string }
  | {
      readonly kind: 'input-image-type-mismatch';
      readonly label: string;
      readonly declared: string;
      readonly actual: string;
    }
  | { readonly kind: 'image-invalid'; readonly detail: string }
  | { readonly kind: 'edit-input-unusable'; readonly file: string; readonly detail: string }
  // The workspace and its files.
  | { readonly kind: 'output-folder-not-allowed'; readonly folder: string; readonly detail: string }
  | { readonly kind: 'output-folder-is-workspace' }
  | { readonly kind: 'output-folder-reserved'; readonly reserved: string }
  | { readonly kind: 'output-folder-missing'; readonly path: string }
  | { readonly kind: 'path-outside-workspace'; readonly path: string }
  | { readonly kind: 'symbolic-link'; readonly path: string }
  | { readonly kind: 'wrong-file-type'; readonly path: string; readonly expected: 'folder' | 'file' }
  | { readonly kind: 'workspace-path-invalid'; readonly path: string }
  | {
      readonly kind: 'folder-not-writable';
      readonly folder: string;
      readonly detail: string;
      /** The output folder (a setting the person picks) or Image Studio's own folder, which holds the manifest. */
      readonly holds: 'images' | 'manifest';
    }
  | { readonly kind: 'file-busy'; readonly detail: string }
  | { readonly kind: 'save-check-failed'; readonly detail: string }
  | {
      readonly kind: 'file-too-large';
      /** Names the file, such as "The image manifest". */
      readonly what: string;
      readonly path: string;
      readonly bytes: number;
      readonly maxBytes: number;
      readonly advice: string;
    }
  | {
      readonly kind: 'too-many-entries';
      readonly what: string;
      readonly path: string;
      readonly count: number;
      readonly max: number;
      readonly noun: string;
      readonly advice: string;
    }
  | { readonly kind: 'manifest-full'; readonly path: string; readonly detail: string }
  | {
      readonly kind: 'manifest-would-overflow';
      readonly path: string;
      readonly entries: number;
      readonly bytes: number;
      readonly maxEntries: number;
      readonly maxBytes: number;
    }
  | {
      readonly kind: 'not-generated-file-name';
      readonly fileName: string;
      readonly format: string;
      readonly check: FileNameCheck;
    }
  | { readonly kind: 'no-free-file-name'; readonly attempts: number }
  | {
      readonly kind: 'image-not-saved';
      /** The bytes the API returned failed their check, or they could not be written in `folder`. */
      readonly problem: 'failed-check' | 'not-written';
      readonly folder: string;
      readonly detail: string;
      /** Where the paid-for bytes are now. */
      readonly kept:
        | { readonly kind: 'kept'; readonly path: string }
        | { readonly kind: 'only-in-memory'; readonly folder: string; readonly detail: string };
    }
  // Regeneration from the manifest.
  | { readonly kind: 'manifest-unreadable'; readonly detail: string }
  | { readonly kind: 'regeneration-refused'; readonly detail: string }
  | { readonly kind: 'regeneration-folder-refused'; readonly detail: string }
  | { readonly kind: 'regeneration-outside-folder'; readonly file: string; readonly folder: string }
  | { readonly kind: 'edit-inputs-not-recorded' }
  // The command line's prompts files and batches.
  | { readonly kind: 'prompts-file-invalid'; readonly file: string; readonly line?: number; readonly detail: string }
  | { readonly kind: 'prompts-file-empty'; readonly file: string }
  | { readonly kind: 'prompts-file-too-long'; readonly file: string; readonly lines: number; readonly max: number }
  | { readonly kind: 'prompts-file-unreadable'; readonly file: string; readonly detail: string }
  | { readonly kind: 'batch-id-invalid'; readonly value: string }
  | { readonly kind: 'batch-record-invalid'; readonly path: string; readonly detail: string }
  | { readonly kind: 'batch-record-not-json'; readonly path: string }
  | { readonly kind: 'batch-record-mismatch'; readonly path: string; readonly recorded: string; readonly asked: string }
  | { readonly kind: 'batch-record-missing'; readonly batchId: string; readonly folder: string }
  | { readonly kind: 'batch-too-many-requests'; readonly requests: number; readonly max: number }
  | { readonly kind: 'batch-record-too-large'; readonly bytes: number; readonly maxBytes: number }
  | {
      readonly kind: 'batch-not-finished';
      readonly batchId: string;
      readonly status: string;
      readonly counts?: { readonly completed: number; readonly total: number };
      /** The API's words about refused input lines, one per line. */
      readonly inputErrors: readonly string[];
    }
  // An editor host's own refusals.
  | { readonly kind: 'no-workspace-folder' }
  | { readonly kind: 'workspace-untrusted'; readonly action: string; readonly why: string }
  | { readonly kind: 'job-already-running'; readonly jobId: string }
  | { readonly kind: 'no-text-editor' }
  | { readonly kind: 'image-not-in-history' }
  | { readonly kind: 'image-gone' }
  | { readonly kind: 'image-missing'; readonly file: string }
  | { readonly kind: 'image-unavailable'; readonly file?: string; readonly detail: string }
  | { readonly kind: 'trash-failed'; readonly file: string; readonly detail: string };

export type ErrorReasonKind = ErrorReason['kind'];

/** What a host may note about the spend of a failed request: added to its words by `errorText`. */
export type SpendNote =
  /** The request may have been billed and is counted at its estimate in the usage and the monthly cap. */
  | { readonly kind: 'counted-possibly-billed'; readonly usd: number }
  /** The usage ledger could not take the spend, so the totals and the cap leave it out. */
  | { readonly kind: 'not-recorded'; readonly usd: number; readonly possiblyBilled: boolean; readonly detail: string };

/** The coarse class of a failure, for code that decides by class (retry, quiet option errors, exit codes). */
export type ErrorKind =
  | 'invalid-option'
  | 'no-api-key'
  | 'invalid-api-key'
  | 'organization-unverified'
  | 'model-not-found'
  | 'moderation-blocked'
  | 'rate-limited'
  | 'insufficient-quota'
  | 'billing-limit'
  | 'server-error'
  | 'timeout-maybe-billed'
  | 'connection'
  | 'cancelled'
  | 'budget-exceeded'
  | 'save-failed'
  | 'invalid-image'
  | 'file-too-large'
  | 'workspace-untrusted'
  | 'unknown';

/** The coarse kind of `reason`. */
export function errorKindOf(reason: ErrorReason): ErrorKind {
  switch (reason.kind) {
    case 'cancelled':
    case 'moderation-blocked':
    case 'billing-limit':
    case 'insufficient-quota':
    case 'no-api-key':
    case 'invalid-api-key':
    case 'model-not-found':
    case 'organization-unverified':
    case 'rate-limited':
    case 'server-error':
    case 'budget-exceeded':
    case 'file-too-large':
    case 'workspace-untrusted':
      return reason.kind;
    case 'api-key-unusable':
      return 'no-api-key';
    case 'access-denied':
      return 'organization-unverified';
    case 'rate-limit-wait-too-long':
      return 'rate-limited';
    case 'stream-failed':
    case 'gateway-gave-up':
      return 'server-error';
    case 'not-connected':
    case 'connection-lost':
    case 'stream-ended-early':
      return 'connection';
    case 'timed-out':
      return 'timeout-maybe-billed';
    case 'no-image-data':
    case 'api-error':
    case 'unexpected':
    case 'batch-not-finished':
      return 'unknown';
    case 'model-retired':
    case 'api-option-rejected':
    case 'request-invalid':
    case 'option-refused':
    case 'setting-invalid':
    case 'connection-setting-missing':
    case 'url-invalid':
    case 'empty-selection':
    case 'output-folder-not-allowed':
    case 'output-folder-is-workspace':
    case 'output-folder-reserved':
    case 'path-outside-workspace':
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
    case 'batch-record-missing':
    case 'no-workspace-folder':
    case 'job-already-running':
    case 'no-text-editor':
      return 'invalid-option';
    case 'input-image-rejected':
    case 'mask-without-alpha':
    case 'mask-size-mismatch':
    case 'input-image-too-large':
    case 'input-image-unreadable':
    case 'input-image-type-mismatch':
    case 'image-invalid':
    case 'edit-input-unusable':
    case 'image-not-in-history':
    case 'image-gone':
    case 'image-missing':
    case 'image-unavailable':
      return 'invalid-image';
    case 'output-folder-missing':
    case 'symbolic-link':
    case 'wrong-file-type':
    case 'workspace-path-invalid':
    case 'folder-not-writable':
    case 'file-busy':
    case 'save-check-failed':
    case 'no-free-file-name':
    case 'trash-failed':
      return 'save-failed';
    case 'image-not-saved':
      return reason.problem === 'failed-check' ? 'invalid-image' : 'save-failed';
    case 'not-generated-file-name':
      return reason.check === 'save' ? 'save-failed' : 'invalid-option';
    case 'too-many-entries':
    case 'manifest-full':
    case 'manifest-would-overflow':
    case 'batch-too-many-requests':
    case 'batch-record-too-large':
      return 'file-too-large';
  }
}
