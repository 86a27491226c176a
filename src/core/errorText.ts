/**
 * The words for every error reason, in no host's terms: what logs and unknown hosts read, and what each host falls back
 * to for a reason it does not word itself. A host calls `errorText` with its own wording; the text is always redacted.
 */
import type { ErrorReason, OptionName, SpendNote } from './errorReason';
import type { ImageStudioError } from './errors';
import { DEFAULT_BASE_URL } from './api/imageClient';
import { formatBytes } from './files/boundedRead';
import { DEFAULT_MODEL } from './request/models';
import { redact } from './secrets/redact';
import { formatUsd } from './spend/estimateCost';

/** How a host names the options a person can change: a setting id, a flag, or plain words. */
export interface OptionNames {
  readonly option: (name: OptionName) => string;
}

/** Plain words, for logs and hosts with no settings of their own; each starts with "the ". */
export const NEUTRAL_OPTION_NAMES: OptionNames = {
  option: (name) => {
    switch (name) {
      case 'model':
        return 'the model';
      case 'moderation':
        return 'the moderation option';
      case 'outputFolder':
        return 'the output folder';
      case 'monthlyBudget':
        return 'the monthly budget';
      case 'connection':
        return 'the connection options';
    }
  },
};

/** A host's words for the reasons it says differently; undefined falls back to the neutral words. */
export type ReasonWording = (reason: ErrorReason) => string | undefined;

/** The whole text of `err` for a person: the host's words (or neutral ones), the request id, the spend notes. */
export function errorText(err: ImageStudioError, wording?: ReasonWording, secrets: readonly string[] = []): string {
  const words = wording?.(err.reason) ?? neutralReasonText(err.reason);
  const notes = err.spend.map((note) => ` ${spendNoteText(note)}`).join('');
  return redact(`${err.notSent ? 'Nothing was sent: ' : ''}${words}${requestTail(err.requestId)}${notes}`, secrets);
}

/** ` (request <id>)`, or nothing without an id. */
export function requestTail(requestId: string | null | undefined): string {
  return requestId ? ` (request ${requestId})` : '';
}

/** A wait for people: `45 s`, `2 min`, `3 min 20 s`. */
export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
}

/** What was (or could not be) recorded of a failed request's spend. */
export function spendNoteText(note: SpendNote): string {
  switch (note.kind) {
    case 'counted-possibly-billed':
      return (
        `It is counted as possibly billed, at the estimate of ${formatUsd(note.usd)}, ` +
        'in the usage and the monthly cap.'
      );
    case 'not-recorded': {
      const what = note.possiblyBilled ? `the possibly billed ${formatUsd(note.usd)}` : formatUsd(note.usd);
      return (
        `Recording ${what} in the usage ledger failed (${note.detail}), so this month's spend and the monthly cap ` +
        `do not include it.`
      );
    }
  }
}

/** The neutral words for `reason`, naming options as `names` does. */
export function neutralReasonText(reason: ErrorReason, names: OptionNames = NEUTRAL_OPTION_NAMES): string {
  const option = names.option;
  switch (reason.kind) {
    case 'cancelled':
      return cancelledText(reason.when);
    case 'moderation-blocked': {
      const which = reason.categories.length > 0 ? ` (flagged: ${reason.categories.join(', ')})` : '';
      return (
        `The request was rejected by the safety system${which}. Rephrase the prompt, or set ` +
        `${option('moderation')} to "low" for generations.`
      );
    }
    case 'billing-limit':
      return (
        'The OpenAI account has reached its spending limit. Raise the limit on the billing page; retrying ' +
        'will not help until then.'
      );
    case 'insufficient-quota':
      return (
        'The OpenAI account has no credit left. Add credit on the billing page; retrying will not help until ' + 'then.'
      );
    case 'no-api-key':
      return 'No OpenAI API key is set.';
    case 'api-key-unusable':
      return apiKeyUnusableText(reason);
    case 'invalid-api-key':
      return 'The OpenAI API key was rejected.';
    case 'model-not-found':
      return (
        `The model "${reason.model}" was not found or has been shut down. Change ${option('model')} ` +
        `(for example to ${DEFAULT_MODEL}).`
      );
    case 'model-retired':
      return (
        `model "${reason.model}" is retired and no longer answers: set ${option('model')} to a GPT Image model ` +
        'such as gpt-image-2'
      );
    case 'organization-unverified':
      return (
        `Your OpenAI organization must be verified to use ${reason.model}. Verify it in the organization settings; ` +
        'after verifying, access can take up to 15 minutes to arrive.'
      );
    case 'access-denied':
      return (
        `Access to ${reason.model} was denied: ${reason.apiMessage} Check the organization settings (this is also ` +
        'the answer from unsupported countries).'
      );
    case 'rate-limited': {
      const wait =
        reason.retryAfterMs !== undefined
          ? ` Wait ${formatWait(reason.retryAfterMs)} before retrying.`
          : ' Wait a moment before retrying.';
      return `The OpenAI rate limit for ${reason.model} was reached (images or tokens per minute).${wait}`;
    }
    case 'rate-limit-wait-too-long':
      return (
        `The OpenAI rate limit was reached and the API asks to wait ${formatWait(reason.waitMs)}, longer than the ` +
        `${formatWait(reason.maxWaitMs)} Image Studio waits on its own. Try again later, or ask for a higher limit.`
      );
    case 'input-image-rejected':
      return `The API rejected an input image: ${reason.apiMessage}`;
    case 'api-option-rejected': {
      const subject = reason.param !== undefined ? `The option "${reason.param}"` : 'The request';
      return `${subject} was rejected by the API for ${reason.model}: ${reason.apiMessage}`;
    }
    case 'stream-failed':
      return `The image stream failed: ${reason.apiMessage || 'no details given'}`;
    case 'stream-ended-early':
      return (
        'The image stream ended before the final image arrived. The image may have been billed anyway; check ' +
        'the usage page before retrying.'
      );
    case 'no-image-data':
      return (
        `The OpenAI API answered ${reason.model} without image data (data[].b64_json is missing). The call ` +
        'may have been billed; check the usage page.'
      );
    case 'gateway-gave-up':
      return (
        `A gateway in front of the OpenAI API gave up waiting (${reason.status}). The image may still have been ` +
        'generated and billed; check the usage page before retrying.'
      );
    case 'server-error':
      return (
        `OpenAI had a server error (${reason.status}). It is usually brief; a retry may be billed again if the ` +
        'first attempt finished.'
      );
    case 'api-error':
      return `The OpenAI API answered ${reason.status}: ${reason.apiMessage}`;
    case 'not-connected':
      return (
        `Could not connect to the OpenAI API${codesText(reason.codes)}, so the request was not sent and nothing was ` +
        'billed. Check the network, proxy and base URL, then try again.'
      );
    case 'connection-lost':
      return (
        `The connection to the OpenAI API failed${codesText(reason.codes)}. If the request had been sent, the image ` +
        'may have been billed; check the usage page before retrying.'
      );
    case 'timed-out':
      return (
        'The OpenAI API did not answer in time. The image may have been generated and billed anyway; check ' +
        'the usage page before retrying.'
      );
    case 'unexpected':
      return reason.detail;
    case 'request-invalid':
      return reason.problem;
    case 'option-refused':
      return (
        `${reason.option} ${JSON.stringify(reason.value.slice(0, 20))} is not valid: allowed values are ` +
        reason.allowed.join(', ')
      );
    case 'setting-invalid':
      return `The setting ${reason.setting} is invalid: ${reason.problem}.`;
    case 'connection-setting-missing':
      return reason.setting === 'azureEndpoint'
        ? 'The Azure endpoint is not set: enter the resource URL, such as https://my-resource.openai.azure.com.'
        : 'The Azure deployment is not set: enter the name of the image model deployment.';
    case 'url-invalid':
      return urlInvalidText(reason);
    case 'empty-selection':
      return 'The selection is empty: select a comment or text that describes the image.';
    case 'budget-exceeded': {
      const after = Number.isFinite(reason.estimateUsd)
        ? formatUsd(reason.spentUsd + reason.estimateUsd)
        : 'an unknown amount';
      return (
        `This request would bring this month's spend to ${after}, over your cap of ${formatUsd(reason.capUsd)} set ` +
        `in ${option('monthlyBudget')}. This month's spend so far: ${formatUsd(reason.spentUsd)}. Raise the cap or ` +
        'wait until next month.'
      );
    }
    case 'mask-without-alpha':
      return 'mask must be a PNG with an alpha channel (fully transparent pixels mark what to change)';
    case 'mask-size-mismatch':
      return (
        `mask is ${reason.mask.width}x${reason.mask.height} but the first image is ` +
        `${reason.image.width}x${reason.image.height}: they must be the same size`
      );
    case 'input-image-too-large':
      return `${reason.label} is ${Math.ceil(reason.bytes / 1024 / 1024)} MB: each image must be under 50 MB`;
    case 'input-image-unreadable':
      return `${reason.label} ("${reason.name}") is not a valid image: ${reason.detail}`;
    case 'input-image-type-mismatch':
      return `${reason.label} is declared as ${reason.declared} but its bytes are ${reason.actual}`;
    case 'image-invalid':
      return `Invalid image: ${reason.detail}.`;
    case 'edit-input-unusable':
      return `Cannot use ${JSON.stringify(reason.file.slice(0, 200))} as an edit input: ${reason.detail}.`;
    case 'output-folder-not-allowed':
      return sentence(
        `${option('outputFolder')} ${JSON.stringify(reason.folder.slice(0, 80))} is not allowed: ${reason.detail}. ` +
          'Use a relative folder inside the workspace such as "images".',
      );
    case 'output-folder-is-workspace':
      return sentence(
        `${option('outputFolder')} must name a subfolder of the workspace, not the workspace itself. Use a folder ` +
          'such as "images".',
      );
    case 'output-folder-reserved':
      return sentence(
        `${option('outputFolder')} cannot be inside ${reason.reserved}, which Image Studio and git keep for their ` +
          'own files. Use a folder such as "images".',
      );
    case 'output-folder-missing':
      return `${reason.path} does not exist, so the images could not be saved there.`;
    case 'path-outside-workspace':
      return `${JSON.stringify(reason.path.slice(0, 80))} is not inside the workspace.`;
    case 'symbolic-link':
      return (
        `${reason.path} is a symbolic link; Image Studio does not write through links, because one could point ` +
        `outside the workspace. Replace it with a real folder or change ${option('outputFolder')}.`
      );
    case 'wrong-file-type':
      return `${reason.path} exists but is not a ${reason.expected}.`;
    case 'workspace-path-invalid':
      return `The workspace path ${reason.path} is not an absolute POSIX path.`;
    case 'folder-not-writable': {
      const fix =
        reason.holds === 'images'
          ? `Make it writable or change ${option('outputFolder')}`
          : 'Make it writable; it holds the image manifest';
      return `Image Studio cannot save in ${reason.folder} (${reason.detail}). ${fix}, then try again.`;
    }
    case 'file-busy':
      return reason.detail;
    case 'save-check-failed':
      return `Image Studio could not check where the images go (${reason.detail}).`;
    case 'file-too-large': {
      let [actual, cap] = [formatBytes(reason.bytes), formatBytes(reason.maxBytes)];
      // Just over the cap both round alike: then exact counts say it.
      if (actual === cap)
        [actual, cap] = [
          `${reason.bytes.toLocaleString('en-US')} bytes`,
          `${reason.maxBytes.toLocaleString('en-US')} bytes`,
        ];
      return withAdvice(
        `${reason.what} ${reason.path} is ${actual}, over the ${cap} Image Studio reads, so it was not read.`,
        reason.advice,
      );
    }
    case 'too-many-entries':
      return withAdvice(
        `${reason.what} ${reason.path} has ${count(reason.count)} ${reason.noun}, over the ${count(reason.max)} ` +
          'Image Studio reads, so it was not read.',
        reason.advice,
      );
    case 'manifest-full':
      return (
        `the image manifest ${reason.path} has no room for this job's images (${reason.detail}). Move older ` +
        'entries into a copy kept elsewhere, or rename the file to start a new manifest, then try again.'
      );
    case 'manifest-would-overflow':
      return (
        `The image manifest ${reason.path} was not changed: with this change it would have ` +
        `${count(reason.entries)} entries (${formatBytes(reason.bytes)}), over the ${count(reason.maxEntries)} ` +
        `entries or ${formatBytes(reason.maxBytes)} Image Studio reads. Move older entries into a copy kept ` +
        'elsewhere, or rename the file to start a new manifest.'
      );
    case 'not-generated-file-name':
      return fileNameText(reason);
    case 'image-not-saved':
      return imageNotSavedText(reason, '');
    case 'no-free-file-name':
      return `no free file name after ${reason.attempts} attempts`;
    case 'manifest-unreadable':
      return `${reason.detail} Nothing was regenerated: fix the file or move it away, then try again.`;
    case 'regeneration-refused':
      return reason.detail;
    case 'regeneration-folder-refused':
      return `the image was not regenerated because ${reason.detail}.`;
    case 'regeneration-outside-folder':
      return (
        `${JSON.stringify(reason.file.slice(0, 200))} is not in the folder planned for it (${reason.folder}), so ` +
        'it is not regenerated.'
      );
    case 'edit-inputs-not-recorded':
      return 'this edit did not record its input images, so it cannot be repeated';
    case 'prompts-file-invalid':
      return `${reason.file}${reason.line !== undefined ? `:${reason.line}` : ''}: ${reason.detail}`;
    case 'prompts-file-empty':
      return `${reason.file} has no prompts: write one prompt per line.`;
    case 'prompts-file-too-long':
      return `${reason.file} has ${reason.lines} prompts; a batch takes at most ${reason.max}.`;
    case 'prompts-file-unreadable':
      return `The prompts file ${reason.file} could not be read: ${reason.detail}`;
    case 'batch-id-invalid':
      return `${JSON.stringify(reason.value.slice(0, 100))} is not a batch id (batch ids look like batch_abc123).`;
    case 'batch-record-invalid':
      return `${reason.path} is not a batch record Image Studio can read (${reason.detail}); it is left as it is.`;
    case 'batch-record-not-json':
      return `${reason.path} is not valid JSON; it is left as it is.`;
    case 'batch-record-mismatch':
      return `${reason.path} records batch ${reason.recorded}, not ${reason.asked}.`;
    case 'batch-record-missing':
      return (
        `No record of batch ${reason.batchId} in ${reason.folder}: look in the workspace the batch was submitted ` +
        'from.'
      );
    case 'batch-too-many-requests':
      return (
        `${count(reason.requests)} requests is over the ${count(reason.max)} one batch record holds. Split the ` +
        'prompts file.'
      );
    case 'batch-record-too-large':
      return (
        `the record of this batch would be about ${formatBytes(reason.bytes)}, over the ` +
        `${formatBytes(reason.maxBytes)} Image Studio reads back. Split the prompts file.`
      );
    case 'batch-not-finished': {
      const counts = reason.counts ? ` (${reason.counts.completed} of ${reason.counts.total} done)` : '';
      const later = reason.status === 'failed' ? '' : ' yet; try again later';
      const lines = reason.inputErrors.map((line) => `\n  ${line}`).join('');
      return `Batch ${reason.batchId} is ${reason.status}${counts}: nothing to fetch${later}.${lines}`;
    }
    case 'no-workspace-folder':
      return 'Open a folder first: images are saved into the workspace.';
    case 'workspace-untrusted':
      return `${reason.action} is disabled in Restricted Mode: ${reason.why}. Trust the workspace to use it.`;
    case 'job-already-running':
      return `Job ${reason.jobId} is already running.`;
    case 'no-text-editor':
      return 'Open a text editor and place the cursor where the link should go, then try again.';
    case 'image-not-in-history':
      return 'That image is no longer in the history: it may have been deleted.';
    case 'image-gone':
      return 'That image is no longer in the workspace: pick another one from the history.';
    case 'image-missing':
      return `${reason.file} is missing from the workspace (regenerate it from the history).`;
    case 'image-unavailable':
      return reason.file !== undefined
        ? `${reason.file} is unavailable: ${reason.detail}.`
        : `That image is unavailable: ${reason.detail}. Pick another one from the history.`;
    case 'trash-failed':
      return `${reason.file} could not be moved to the trash (${reason.detail}); it was left in place.`;
  }
}

function cancelledText(when: Extract<ErrorReason, { kind: 'cancelled' }>['when']): string {
  switch (when) {
    case 'unknown':
      return 'The request was cancelled.';
    case 'job':
      return 'Cancelled.';
    case 'before-sending':
      return 'The request was cancelled before it was sent.';
    case 'after-sending':
      return 'The request was cancelled after it was sent; the API may still finish the image and bill it.';
    case 'unconfirmed':
      return 'Cancelled before sending: the cost was not confirmed.';
  }
}

function apiKeyUnusableText(reason: Extract<ErrorReason, { kind: 'api-key-unusable' }>): string {
  switch (reason.problem) {
    case 'environment-invalid':
      return `${reason.source} in the environment is not a usable key: ${reason.detail}`;
    case 'env-file-unreadable':
      return `${reason.source} could not be read: ${reason.detail}`;
    case 'env-file-invalid':
      return `${reason.source}: ${reason.detail}.`;
    case 'env-file-skipped':
      return (
        `${reason.source} was not read, because ${reason.detail}, so no key was taken from it and nothing was ` +
        'sent.'
      );
  }
}

/**
 * Where a failed save left the paid-for bytes; `howToMove` is what the host offers to put them elsewhere (such as
 * "; use Save As… to put them elsewhere"), empty when it offers nothing.
 */
export function imageNotSavedText(
  reason: Extract<ErrorReason, { kind: 'image-not-saved' }>,
  howToMove: string,
  howToKeep = '.',
): string {
  const what =
    reason.problem === 'failed-check'
      ? `The image the API returned failed its check (${reason.detail})`
      : `The image could not be saved in ${reason.folder} (${reason.detail})`;
  const kept =
    reason.kept.kind === 'kept'
      ? `The bytes you paid for were kept at ${reason.kept.path}${howToMove}.`
      : `Keeping a copy in ${reason.kept.folder} failed too (${reason.kept.detail}); the image is only in memory` +
        howToKeep;
  return `${what}. ${kept}`;
}

function urlInvalidText(reason: Extract<ErrorReason, { kind: 'url-invalid' }>): string {
  switch (reason.problem) {
    case 'not-a-url':
      return `The ${reason.label} is not a valid URL: use an http(s) address such as ${DEFAULT_BASE_URL}.`;
    case 'not-http':
      return `The ${reason.label} must start with https:// (or http:// for a local server).`;
    case 'credentials':
      return `The ${reason.label} must not contain a user name or password.`;
    case 'blocked-port':
      return (
        `The ${reason.label} uses port ${reason.port ?? '?'}, which fetch never connects to (it belongs to another ` +
        'protocol), so nothing was sent: use the port the server serves HTTP on, such as 443 or 8080.'
      );
  }
}

function fileNameText(reason: Extract<ErrorReason, { kind: 'not-generated-file-name' }>): string {
  switch (reason.check) {
    case 'save':
      return `${JSON.stringify(reason.fileName.slice(0, 80))} is not a generated ${reason.format} file name`;
    case 'regeneration-plan':
      return `${reason.fileName} is not a file name Image Studio generates for ${reason.format} images`;
    case 'regeneration':
      return (
        `${JSON.stringify(reason.fileName.slice(0, 200))} is not a file name Image Studio generates for ` +
        `${reason.format} images, so it is not regenerated.`
      );
  }
}

function codesText(codes: readonly string[]): string {
  return codes.length > 0 ? ` (${codes.join(', ')})` : '';
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function withAdvice(text: string, advice: string): string {
  return advice === '' ? `${text} ` : `${text} ${advice}`;
}

/** Capitalises a sentence that starts with a neutral option name ("the output folder"); a setting id stays as it is. */
function sentence(text: string): string {
  return text.startsWith('the ') ? `T${text.slice(1)}` : text;
}
