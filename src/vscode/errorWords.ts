/**
 * VS Code's words for the engine's error reasons: command titles, setting ids, and the fix buttons next to the
 * message. No `vscode` import here, so the words are unit-tested; `showError` and the panel carry out the fixes.
 */
import type { ErrorReason, OptionName } from '../core/errorReason';
import { imageNotSavedText, neutralReasonText, type OptionNames } from '../core/errorText';
import { BILLING_URL, ORGANIZATION_SETTINGS_URL } from '../core/errors';
import { DEFAULT_MODEL } from '../core/request/models';
import { costQuestionText, type CostQuestion } from '../core/spend/budget';
import type { ErrorFix } from '../protocol/fixes';

/** The settings namespace: every setting id below starts with it. */
export const SETTINGS_SECTION = 'imageStudio';
const SET_API_KEY_TITLE = '“Image Studio: Set API Key”';
export const MONTHLY_BUDGET_SETTING = `${SETTINGS_SECTION}.monthlyBudgetUsd`;
export const CONFIRM_ABOVE_SETTING = `${SETTINGS_SECTION}.confirmAboveUsd`;

/** The setting id for an option, such as `imageStudio.outputFolder`. */
export function settingId(option: OptionName): string {
  switch (option) {
    case 'model':
      return `${SETTINGS_SECTION}.model`;
    case 'moderation':
      return `${SETTINGS_SECTION}.moderation`;
    case 'outputFolder':
      return `${SETTINGS_SECTION}.outputFolder`;
    case 'monthlyBudget':
      return MONTHLY_BUDGET_SETTING;
    case 'connection':
      return SETTINGS_SECTION;
  }
}

const SETTING_NAMES: OptionNames = { option: settingId };

/** The cost question as VS Code asks it, naming the threshold's setting. */
export function vscodeCostQuestion(question: CostQuestion): string {
  return costQuestionText(question, CONFIRM_ABOVE_SETTING);
}

/** VS Code's words for `reason`; undefined where the neutral words already fit. */
export function vscodeErrorWords(reason: ErrorReason): string | undefined {
  switch (reason.kind) {
    case 'no-api-key':
      return `No OpenAI API key is set. Run ${SET_API_KEY_TITLE}.`;
    case 'invalid-api-key':
      return `The OpenAI API key was rejected. Set a new key with ${SET_API_KEY_TITLE}.`;
    case 'model-not-found':
      return (
        `The model "${reason.model}" was not found or has been shut down. Change the setting ` +
        `${settingId('model')} (for example to ${DEFAULT_MODEL}).`
      );
    case 'setting-invalid': {
      const id = `${SETTINGS_SECTION}.${reason.setting}`;
      return `The setting ${id} is invalid: ${reason.problem}. Fix it in Settings (search "${id}").`;
    }
    case 'no-text-editor':
      return 'Open a text editor and place the cursor where the link should go, then press Insert Link again.';
    case 'image-not-saved':
      return imageNotSavedText(reason, '; use Save As… to put them elsewhere', ', so use Save As… now.');
    case 'moderation-blocked':
    case 'model-retired':
    case 'budget-exceeded':
    case 'output-folder-not-allowed':
    case 'output-folder-is-workspace':
    case 'output-folder-reserved':
    case 'symbolic-link':
    case 'folder-not-writable':
      return neutralReasonText(reason, SETTING_NAMES);
    case 'cancelled':
    case 'billing-limit':
    case 'insufficient-quota':
    case 'api-key-unusable':
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
    case 'batch-too-many-requests':
    case 'batch-record-too-large':
    case 'batch-not-finished':
    case 'no-workspace-folder':
    case 'folder-not-local':
    case 'workspace-untrusted':
    case 'job-already-running':
    case 'image-not-in-history':
    case 'image-gone':
    case 'image-missing':
    case 'image-unavailable':
    case 'trash-failed':
      return undefined;
  }
}

/** The buttons VS Code offers next to an error with `reason`. */
export function vscodeErrorFixes(reason: ErrorReason): ErrorFix[] {
  const openSetting = (setting: string): ErrorFix => ({ kind: 'open-settings', setting });
  switch (reason.kind) {
    case 'no-api-key':
    case 'invalid-api-key':
      return [{ kind: 'set-api-key' }];
    case 'moderation-blocked':
      return [{ kind: 'edit-prompt' }, openSetting(settingId('moderation'))];
    case 'billing-limit':
    case 'insufficient-quota':
      return [{ kind: 'open-url', url: BILLING_URL, label: 'Open Billing' }];
    case 'model-not-found':
      return [openSetting(settingId('model'))];
    case 'organization-unverified':
      return [
        { kind: 'open-url', url: ORGANIZATION_SETTINGS_URL, label: 'Verify Organization' },
        openSetting(settingId('model')),
      ];
    case 'access-denied':
      return [{ kind: 'open-url', url: ORGANIZATION_SETTINGS_URL, label: 'Organization Settings' }];
    case 'api-option-rejected':
    case 'connection-setting-missing':
      return [openSetting(SETTINGS_SECTION)];
    case 'setting-invalid':
      return [openSetting(`${SETTINGS_SECTION}.${reason.setting}`)];
    case 'budget-exceeded':
      return [openSetting(MONTHLY_BUDGET_SETTING)];
    case 'output-folder-not-allowed':
    case 'output-folder-is-workspace':
    case 'output-folder-reserved':
    case 'output-folder-missing':
    case 'path-outside-workspace':
    case 'symbolic-link':
    case 'wrong-file-type':
      return [openSetting(settingId('outputFolder'))];
    case 'folder-not-writable':
      return reason.holds === 'images' ? [openSetting(settingId('outputFolder'))] : [];
    case 'rate-limited':
    case 'rate-limit-wait-too-long':
    case 'stream-failed':
    case 'stream-ended-early':
    case 'gateway-gave-up':
    case 'server-error':
    case 'not-connected':
    case 'connection-lost':
    case 'timed-out':
    case 'file-busy':
    case 'image-not-saved':
      return [{ kind: 'retry' }];
    case 'empty-selection':
      return [{ kind: 'edit-prompt' }];
    case 'workspace-untrusted':
      return [{ kind: 'manage-workspace-trust' }];
    case 'cancelled':
    case 'api-key-unusable':
    case 'model-retired':
    case 'input-image-rejected':
    case 'no-image-data':
    case 'api-error':
    case 'unexpected':
    case 'request-invalid':
    case 'option-refused':
    case 'url-invalid':
    case 'mask-without-alpha':
    case 'mask-size-mismatch':
    case 'input-image-too-large':
    case 'input-image-unreadable':
    case 'input-image-type-mismatch':
    case 'image-invalid':
    case 'edit-input-unusable':
    case 'workspace-path-invalid':
    case 'save-check-failed':
    case 'file-too-large':
    case 'too-many-entries':
    case 'manifest-full':
    case 'manifest-would-overflow':
    case 'not-generated-file-name':
    case 'no-free-file-name':
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
    case 'batch-too-many-requests':
    case 'batch-record-too-large':
    case 'batch-not-finished':
    case 'no-workspace-folder':
    case 'folder-not-local':
    case 'job-already-running':
    case 'no-text-editor':
    case 'image-not-in-history':
    case 'image-gone':
    case 'image-missing':
    case 'image-unavailable':
    case 'trash-failed':
      return [];
  }
}
