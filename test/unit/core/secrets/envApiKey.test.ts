import { strict as assert } from 'node:assert';
import { apiKeyFromEnvFile } from '../../../../src/core/secrets/envApiKey';

const read = (text: string) => apiKeyFromEnvFile(new TextEncoder().encode(text));

describe('apiKeyFromEnvFile', () => {
  const found = (key: string) => ({ kind: 'found', key });

  it('reads OPENAI_API_KEY in the forms .env files use', () => {
    assert.deepEqual(read('OPENAI_API_KEY=sk-plain'), found('sk-plain'));
    assert.deepEqual(read('export OPENAI_API_KEY="sk-double"\n'), found('sk-double'));
    assert.deepEqual(read("OPENAI_API_KEY='sk-single' # the team key\n"), found('sk-single'));
    assert.deepEqual(read('# OPENAI_API_KEY=sk-commented\nOTHER=1\r\nOPENAI_API_KEY = sk-crlf\r\n'), found('sk-crlf'));
    assert.deepEqual(read('\uFEFFOPENAI_API_KEY=sk-after-bom'), found('sk-after-bom'));
    assert.deepEqual(
      read('OPENAI_API_KEY=sk-first\nOPENAI_API_KEY=sk-last'),
      found('sk-last'),
      'the last definition wins, as with dotenv',
    );
  });

  it('says absent when the variable is missing, commented out or blank', () => {
    for (const text of [
      '',
      'OTHER=1',
      '#OPENAI_API_KEY=sk-x',
      'OPENAI_API_KEY=',
      'OPENAI_API_KEY="  "',
      'AZURE_OPENAI_API_KEY=sk-x',
    ]) {
      assert.deepEqual(read(text), { kind: 'absent' }, JSON.stringify(text));
    }
  });

  it('refuses a value with spaces or line breaks, and non-UTF-8 files, without quoting the value', () => {
    const spaced = read('OPENAI_API_KEY="sk-secret value"');
    assert.equal(spaced.kind, 'invalid');
    assert.ok(spaced.kind === 'invalid' && !spaced.reason.includes('sk-secret'), 'the reason never quotes the value');
    assert.equal(read('OPENAI_API_KEY="sk-a\nsk-b"').kind, 'invalid');
    assert.deepEqual(apiKeyFromEnvFile(new Uint8Array([0x4f, 0x3d, 0xff, 0xfe])), {
      kind: 'invalid',
      reason: 'the file is not UTF-8 text',
    });
  });
});
