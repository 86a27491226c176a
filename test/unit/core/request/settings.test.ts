import { strict as assert } from 'node:assert';
import { ImageStudioError } from '../../../../src/core/errors';
import { parseSettings } from '../../../../src/core/request/settings';
import { validateApiKeyInput } from '../../../../src/core/secrets/apiKeyStore';

describe('settings', () => {
  it('fills every default, with an active 2.x model', () => {
    const settings = parseSettings({});
    assert.equal(settings.model, 'gpt-image-2');
    assert.equal(settings.outputFolder, 'ignore');
    assert.equal(settings.provider, 'openai');
    assert.equal(settings.baseUrl, undefined);
    assert.equal(settings.outputCompression, null);
    assert.equal(settings.codeLens, true);
  });

  it('treats empty endpoint strings as unset and keeps valid ones', () => {
    assert.equal(parseSettings({ baseUrl: '  ' }).baseUrl, undefined);
    assert.equal(parseSettings({ baseUrl: 'http://127.0.0.1:8787/v1' }).baseUrl, 'http://127.0.0.1:8787/v1');
  });

  for (const [key, value] of [
    ['quality', 'hd'],
    ['imageCount', 11],
    ['baseUrl', 'ftp://x'],
    ['size', 'big'],
    ['partialImages', 4],
    ['outputFormat', 'gif'],
    ['codeLens', 'yes'],
  ] as const) {
    it(`names the setting ${key} when its value ${JSON.stringify(value)} is invalid`, () => {
      assert.throws(
        () => parseSettings({ [key]: value }),
        (err: unknown) =>
          err instanceof ImageStudioError &&
          err.kind === 'invalid-option' &&
          err.reason.kind === 'setting-invalid' &&
          err.reason.setting === key,
      );
    });
  }
});

describe('apiKeyStore input', () => {
  it('refuses blank keys and keys with spaces, accepts a trimmed key', () => {
    assert.ok(validateApiKeyInput('   '));
    assert.ok(validateApiKeyInput('sk-abc def'));
    assert.equal(validateApiKeyInput('  sk-abcdef  '), undefined);
  });
});
