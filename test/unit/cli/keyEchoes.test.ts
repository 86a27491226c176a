import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { maskKey, type RunningEmulator } from '../../emulator';
import { keyFragmentsIn } from '../../support/keyFragments';
import { cliSuite, runCli, type CliRun, type Sandbox } from './support';

/** A key without the sk- shape (Azure, a custom base URL): only the redaction of known secrets can catch its pieces. */
const KEY = 'q7Zx0123456789abcdefghijklmnop4Wv9';

describe('cli: no piece of the key reaches stdout or stderr, whatever the API echoes (K5)', function () {
  this.timeout(60_000);
  const suite = cliSuite({ apiKey: KEY });
  let emu: RunningEmulator;
  let box: Sandbox;
  beforeEach(() => {
    emu = suite.emu();
    box = suite.box();
  });
  const cli = (args: string[], key = KEY): Promise<CliRun> =>
    runCli(args, { cwd: box.cwd, env: suite.env({ OPENAI_API_KEY: key }) });

  function assertClean(run: CliRun, key = KEY): void {
    assert.deepEqual(keyFragmentsIn(`${run.stdout}\n${run.stderr}`, key), [], `${run.stdout}\n${run.stderr}`);
  }

  it('generate: a wrong key echoed in part by the 401, and API errors echoing it in message and param', async () => {
    const wrong = 'q7Zx9876543210zyxwvutsrqponm4Wv9';
    const rejected = await cli(['generate', 'a fox', '--quality', 'low'], wrong);
    assert.equal(rejected.code, 1);
    assert.match(rejected.stderr, /The OpenAI API key was rejected/);
    assertClean(rejected, wrong);
    for (const status of [400, 403, 418]) {
      emu.script.error(status, {
        message: `The key ${maskKey(KEY)} (${KEY.slice(0, 8)}...${KEY.slice(-4)}) may not do that.`,
        param: KEY.slice(2, 14),
        code: 'invalid_value',
      });
      const run = await cli(['generate', 'a fox', '--quality', 'low']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /The key \*\*\* \(\*\*\*\) may not do that\./);
      assertClean(run);
    }
  });

  it('batch status and submit: errors of the batch and files endpoints that echo the key', async () => {
    emu.script.error(404, { message: `No batch for key ${maskKey(KEY)}.`, code: null }, { path: /\/batches\// });
    const status = await cli(['batch', 'status', 'batch_abc']);
    assert.equal(status.code, 1);
    assertClean(status);
    writeFileSync(path.join(box.cwd, 'prompts.txt'), 'a red kite\n');
    emu.script.error(
      400,
      { message: `Upload refused for ${KEY.slice(0, 6)}\u2026${KEY.slice(-6)}.`, code: 'invalid_value' },
      { path: '/files' },
    );
    const submit = await cli(['batch', 'submit', 'prompts.txt', '--quality', 'low', '--yes']);
    assert.equal(submit.code, 1);
    assert.match(submit.stderr, /Upload refused for \*\*\*\./);
    assertClean(submit);
  });
});
