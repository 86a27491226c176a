import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import { start } from '../emulator/support';
import { cliEnv, cliSuite, readCliLedger, runCli, startCli, waitFor, type Sandbox } from './support';

interface LedgerLine {
  readonly costUsd: number;
  readonly images: number;
  readonly possiblyBilled?: boolean;
}

describe('cli: what a failed request says and records (child process against the emulator)', function () {
  this.timeout(60_000);
  const suite = cliSuite();
  let emu: RunningEmulator;
  let box: Sandbox;
  beforeEach(() => {
    emu = suite.emu();
    box = suite.box();
  });

  const ledgerLines = (): LedgerLine[] => readCliLedger(box);

  it('a refused connection or an unresolvable name says nothing was sent or billed, and records nothing', async () => {
    const closed = await start();
    const closedUrl = closed.baseUrl;
    await closed.close();
    for (const baseUrl of [closedUrl, 'http://image-studio-test.invalid/v1']) {
      const env = cliEnv(box, { OPENAI_API_KEY: EMULATOR_TEST_KEY, IMAGE_STUDIO_BASE_URL: baseUrl });
      const run = await runCli(['generate', 'a fox', '--quality', 'low'], { cwd: box.cwd, env });
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          /^Generating…\nCould not connect to the OpenAI API \((ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\), /.source +
            /so the request was not sent and nothing was billed\. /.source +
            /Check the network, proxy and base URL, then try again\.\n$/.source,
        ),
        baseUrl,
      );
      const status = await runCli(['batch', 'status', 'batch_abc'], { cwd: box.cwd, env });
      assert.match(status.stderr, /not sent and nothing was billed/, baseUrl);
    }
    assert.deepEqual(ledgerLines(), []);
  });

  it('an answer without image data is recorded as possibly billed, and `usage` says so', async () => {
    emu.script.noImageData();
    const run = await suite.cli('generate', 'a fox without pixels', '--quality', 'low', '--size', '1024x1024');
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        /without image data .* It is counted as possibly billed, at the estimate of \$0\.\d+, /.source +
          /in the usage and the monthly cap\.\n$/.source,
      ),
    );
    const [entry] = ledgerLines();
    assert.equal(entry?.possiblyBilled, true);
    assert.equal(entry?.images, 0);
    const text = await runCli(['usage'], { cwd: box.cwd, env: cliEnv(box) });
    assert.match(text.stdout, /^\$0\.\d{3} today \(0 images, \$0\.\d{3} of it possibly billed\)\n/);
    assert.match(
      text.stdout,
      new RegExp(
        /· 0 images · \$0\.\d{3} possibly billed \(estimated; /.source +
          /the request failed after it was sent\) · req_[0-9a-f]+ · a fox without pixels\n/.source,
      ),
    );
    const json = JSON.parse((await runCli(['usage', '--json'], { cwd: box.cwd, env: cliEnv(box) })).stdout) as {
      monthPossiblyBilledUsd: number;
      monthUsd: number;
    };
    assert.ok(json.monthPossiblyBilledUsd > 0 && json.monthPossiblyBilledUsd === json.monthUsd);
  });

  it('Ctrl-C after the request was sent: interrupted, and counted as possibly billed', async () => {
    emu.script.hang();
    const { child, done } = startCli(['generate', 'a slow cat', '--quality', 'low'], {
      cwd: box.cwd,
      env: suite.env(),
    });
    await waitFor(() => emu.requests.length === 1);
    child.kill('SIGINT');
    const run = await done;
    assert.equal(run.code, 130, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        /Interrupted: The request was cancelled after it was sent; /.source +
          /the API may still finish the image and bill it\. It is counted as possibly billed/.source,
      ),
    );
    assert.equal(ledgerLines()[0]?.possiblyBilled, true);
  });

  it('a .env in the working directory sets neither the timeout nor the endpoint (only the key)', async () => {
    // One second of rendering: a timeout taken from the file would cut it off.
    const slow = await start({ latencyScale: 1000 / 8000 });
    const trap = await start();
    try {
      writeFileSync(
        path.join(box.cwd, '.env'),
        `OPENAI_API_KEY=${EMULATOR_TEST_KEY}\n` +
          'IMAGE_STUDIO_TIMEOUT_SECONDS=0.2\nIMAGE_STUDIO_TIMEOUT_MS=200\nOPENAI_TIMEOUT=200\n' +
          `IMAGE_STUDIO_BASE_URL=${trap.baseUrl}\n`,
      );
      const run = await runCli(['generate', 'a patient heron', '--quality', 'low', '--size', '1024x1024'], {
        cwd: box.cwd,
        env: cliEnv(box, { IMAGE_STUDIO_BASE_URL: slow.baseUrl }),
      });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual([slow.requests.length, trap.requests.length], [1, 0]);
    } finally {
      await slow.close();
      await trap.close();
    }
  });
});
