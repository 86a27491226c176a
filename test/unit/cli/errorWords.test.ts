import { strict as assert } from 'node:assert';
import { cliCostQuestion, cliErrorWords, flagName } from '../../../src/cli/errorWords';
import { cliErrorText } from '../../../src/cli/reportError';
import { neutralReasonText } from '../../../src/core/errorText';
import { ImageStudioError } from '../../../src/core/errors';
import { mcpErrorText } from '../../../src/mcp/describeError';
import { SAMPLE_REASONS } from '../support/errorReasons';

const io = { cwd: '/work/project' };
const words = cliErrorWords(io);

describe('command-line error words', () => {
  it('words every reason with no VS Code setting or command, naming a flag wherever an option is named', () => {
    for (const reason of SAMPLE_REASONS) {
      const err = new ImageStudioError(reason);
      for (const text of [cliErrorText(io, err, []), mcpErrorText(err, { ...io, secrets: [] })]) {
        assert.doesNotMatch(text, /imageStudio\.|Image Studio: [A-Z]/, `${reason.kind}: ${text}`);
        const namesAnOption = neutralReasonText(reason) !== neutralReasonText(reason, { option: () => 'OPTION' });
        if (namesAnOption) assert.match(text, /--[a-z-]+/, `${reason.kind} names a flag: ${text}`);
      }
    }
  });

  it('says where the command line looks for the key', () => {
    const missing = cliErrorText(io, new ImageStudioError({ kind: 'no-api-key' }), []);
    assert.match(missing, /Set OPENAI_API_KEY in the environment, or add a line OPENAI_API_KEY=<your key> to /);
    assert.match(missing, /\/work\/project\/\.env/);
    assert.equal(
      cliErrorText(io, new ImageStudioError({ kind: 'invalid-api-key' }, { requestId: 'req_1' }), []),
      'The OpenAI API key was rejected: check OPENAI_API_KEY (in the environment or .env). (request req_1)',
    );
    assert.match(
      words({ kind: 'api-key-unusable', problem: 'env-file-skipped', source: '/p/.env', detail: 'it is big' }) ?? '',
      /^\/p\/\.env was not read, because it is big, .* Set OPENAI_API_KEY in the environment instead\.$/,
    );
  });

  it('names the flags for the budget, the model, moderation and the output folder', () => {
    assert.match(
      words({ kind: 'budget-exceeded', spentUsd: 9.75, capUsd: 10, estimateUsd: 0.5 }) ?? '',
      /over your cap of \$10\.00 set in --monthly-budget \(or IMAGE_STUDIO_MONTHLY_BUDGET_USD\)\./,
    );
    assert.match(words({ kind: 'model-not-found', model: 'gpt-image-9' }) ?? '', /Change --model \(for example/);
    assert.match(words({ kind: 'moderation-blocked', categories: [] }) ?? '', /set --moderation to "low"/);
    assert.match(words({ kind: 'output-folder-is-workspace' }) ?? '', /^--output-folder must name a subfolder/);
    assert.equal(flagName('connection'), '--base-url');
    assert.match(
      cliCostQuestion({ estimateUsd: 1, thresholdUsd: 0.5, spentUsd: 0 }),
      /above \$0\.500 \(--confirm-above \(or IMAGE_STUDIO_CONFIRM_ABOVE_USD\)\)\. .* Generate anyway\?$/,
    );
    assert.doesNotMatch(cliCostQuestion({ estimateUsd: 1, thresholdUsd: 0.5, spentUsd: 0 }, false), /Generate anyway/);
  });

  it('tells the MCP client who must fix a rejected key', () => {
    assert.match(
      mcpErrorText(new ImageStudioError({ kind: 'invalid-api-key' }), { ...io, secrets: [] }),
      /the person running the MCP server must set a valid OPENAI_API_KEY/,
    );
  });
});
