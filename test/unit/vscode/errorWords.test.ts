import { fixLabel } from '../../../src/protocol/fixes';
import { strict as assert } from 'node:assert';
import { neutralReasonText, errorText } from '../../../src/core/errorText';
import { BILLING_URL, ImageStudioError, ORGANIZATION_SETTINGS_URL } from '../../../src/core/errors';
import { describeModel, modelNotice } from '../../../src/core/request/models';
import { errorFix } from '../../../src/protocol/fixes';
import { settingId, vscodeCostQuestion, vscodeErrorFixes, vscodeErrorWords } from '../../../src/vscode/errorWords';
import { SAMPLE_REASONS } from '../support/errorReasons';

const text = (err: ImageStudioError): string => errorText(err, vscodeErrorWords);

describe('VS Code error words', () => {
  it('words every reason, naming the setting wherever an option is named, with fixes the panel allows', () => {
    for (const reason of SAMPLE_REASONS) {
      const words = vscodeErrorWords(reason) ?? neutralReasonText(reason);
      assert.ok(words.length > 0, reason.kind);
      const namesAnOption = neutralReasonText(reason) !== neutralReasonText(reason, { option: () => 'OPTION' });
      if (namesAnOption) assert.match(words, /imageStudio\.[a-zA-Z]+/, `${reason.kind} names its setting: ${words}`);
      for (const fix of vscodeErrorFixes(reason)) {
        assert.ok(errorFix.safeParse(fix).success, `${reason.kind}: ${JSON.stringify(fix)} is a fix the panel allows`);
        assert.ok(fixLabel(fix).length > 0);
        if (fix.kind === 'open-settings' && namesAnOption)
          assert.ok(words.includes(fix.setting), `${reason.kind} names ${fix.setting}: ${words}`);
        if (fix.kind === 'set-api-key')
          assert.ok(words.includes('“Image Studio: Set API Key”'), `${reason.kind} names the command: ${words}`);
      }
    }
  });

  it('says what to run when there is no key or it was rejected, with a Set API Key button', () => {
    assert.equal(
      text(new ImageStudioError({ kind: 'no-api-key' })),
      'No OpenAI API key is set. Run “Image Studio: Set API Key”.',
    );
    assert.equal(
      text(new ImageStudioError({ kind: 'invalid-api-key' }, { requestId: 'req_abc' })),
      'The OpenAI API key was rejected. Set a new key with “Image Studio: Set API Key”. (request req_abc)',
    );
    assert.deepEqual(vscodeErrorFixes({ kind: 'invalid-api-key' }), [{ kind: 'set-api-key' }]);
  });

  it('names the settings: model, moderation, output folder, the monthly budget and an invalid setting', () => {
    assert.match(
      text(new ImageStudioError({ kind: 'model-not-found', model: 'gpt-image-1' })),
      /"gpt-image-1" was not found .* Change the setting imageStudio\.model \(for example to gpt-image-2\)\.$/,
    );
    assert.deepEqual(vscodeErrorFixes({ kind: 'model-not-found', model: 'x' }), [
      { kind: 'open-settings', setting: 'imageStudio.model' },
    ]);
    assert.match(
      text(new ImageStudioError({ kind: 'model-retired', model: 'dall-e-3' })),
      /set imageStudio\.model to a GPT Image model/,
    );
    assert.match(
      text(new ImageStudioError({ kind: 'moderation-blocked', categories: ['violence', 'self-harm'] })),
      /safety system \(flagged: violence, self-harm\)\. Rephrase the prompt, or set imageStudio\.moderation to "low"/,
    );
    assert.deepEqual(vscodeErrorFixes({ kind: 'moderation-blocked', categories: [] }), [
      { kind: 'edit-prompt' },
      { kind: 'open-settings', setting: 'imageStudio.moderation' },
    ]);
    assert.ok(
      text(new ImageStudioError({ kind: 'budget-exceeded', spentUsd: 9.75, capUsd: 10, estimateUsd: 0.5 })).startsWith(
        "This request would bring this month's spend to $10.25, over your cap of $10.00 set in " +
          'imageStudio.monthlyBudgetUsd.',
      ),
    );
    assert.deepEqual(vscodeErrorFixes({ kind: 'budget-exceeded', spentUsd: 0, capUsd: 1, estimateUsd: 2 }), [
      { kind: 'open-settings', setting: 'imageStudio.monthlyBudgetUsd' },
    ]);
    assert.match(
      text(new ImageStudioError({ kind: 'output-folder-not-allowed', folder: '../x', detail: 'no' })),
      /^imageStudio\.outputFolder "\.\.\/x" is not allowed: no\./,
    );
    assert.match(
      text(
        new ImageStudioError(
          {
            kind: 'folder-not-writable',
            folder: '/ws/ignore',
            detail: 'no permission to write there',
            holds: 'images',
          },
          { notSent: true },
        ),
      ),
      new RegExp(
        '^Nothing was sent: Image Studio cannot save in /ws/ignore \\(no permission to write there\\)\\. ' +
          'Make it writable or change imageStudio\\.outputFolder, then try again\\.$',
      ),
    );
    assert.deepEqual(
      vscodeErrorFixes({ kind: 'folder-not-writable', folder: '/x', detail: '', holds: 'manifest' }),
      [],
    );
    assert.equal(
      text(new ImageStudioError({ kind: 'setting-invalid', setting: 'size', problem: 'expected a size' })),
      'The setting imageStudio.size is invalid: expected a size. Fix it in Settings (search "imageStudio.size").',
    );
    assert.deepEqual(vscodeErrorFixes({ kind: 'setting-invalid', setting: 'size', problem: '' }), [
      { kind: 'open-settings', setting: 'imageStudio.size' },
    ]);
  });

  it('links the OpenAI pages for billing and verification, and offers Retry for passing failures', () => {
    assert.deepEqual(vscodeErrorFixes({ kind: 'insufficient-quota' }), [
      { kind: 'open-url', url: BILLING_URL, label: 'Open Billing' },
    ]);
    assert.deepEqual(vscodeErrorFixes({ kind: 'organization-unverified', model: 'gpt-image-2' }), [
      { kind: 'open-url', url: ORGANIZATION_SETTINGS_URL, label: 'Verify Organization' },
      { kind: 'open-settings', setting: 'imageStudio.model' },
    ]);
    assert.deepEqual(vscodeErrorFixes({ kind: 'timed-out' }), [{ kind: 'retry' }]);
    assert.deepEqual(vscodeErrorFixes({ kind: 'cancelled', when: 'unknown' }), []);
  });

  it('offers Save As… for bytes a failed save kept, or holds only in memory', () => {
    const kept = { kind: 'kept' as const, path: '/global/recovered/a.png' };
    const reason = {
      kind: 'image-not-saved' as const,
      problem: 'not-written' as const,
      folder: '/ws',
      detail: 'x',
      kept,
    };
    assert.match(
      vscodeErrorWords(reason) ?? '',
      /kept at \/global\/recovered\/a\.png; use Save As… to put them elsewhere\.$/,
    );
    const lost = { ...reason, kept: { kind: 'only-in-memory' as const, folder: '/global/recovered', detail: 'full' } };
    assert.match(vscodeErrorWords(lost) ?? '', /only in memory, so use Save As… now\.$/);
  });

  it('asks about the cost naming the threshold setting, and names the model setting in model notices', () => {
    assert.match(
      vscodeCostQuestion({ estimateUsd: 0.26, thresholdUsd: 0.25, spentUsd: 1.5 }),
      /\$0\.260.*\$0\.250 \(imageStudio\.confirmAboveUsd\).*\$1\.50\. Generate anyway\?$/,
    );
    const shutDown = describeModel('gpt-image-1', new Date('2026-10-23T00:00:00Z'));
    assert.match(modelNotice(shutDown, settingId('model')) ?? '', /set imageStudio\.model to gpt-image-2/);
  });
});
