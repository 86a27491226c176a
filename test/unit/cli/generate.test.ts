import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import { start } from '../emulator/support';
import { cliEnv, cliSuite, runCli, startCli, waitFor, type Sandbox } from './support';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

describe('cli: generate and usage (child process against the emulator)', function () {
  this.timeout(60_000);
  const suite = cliSuite();
  const withKey = suite.env;
  let emu: RunningEmulator;
  let box: Sandbox;
  beforeEach(() => {
    emu = suite.emu();
    box = suite.box();
  });

  it('saves into the git-ignored ignore/ folder, prints path and cost, and records manifest and ledger', async () => {
    const run = await runCli(['generate', 'a red fox in the snow', '--quality', 'low', '--size', '1024x1024'], {
      cwd: box.cwd,
      env: withKey(),
    });
    assert.equal(run.code, 0, run.stderr);
    const [printed, cost] = run.stdout.trim().split('\n');
    assert.match(printed ?? '', /^ignore\/\d{8}-\d{6}-a-red-fox-in-the-snow-[0-9a-f]{4}\.png$/);
    assert.match(cost ?? '', /^Cost: \$0\.\d{3} \(request req_[0-9a-f]+\)$/);
    assert.deepEqual([...readFileSync(path.join(box.cwd, printed ?? ''))].slice(0, 4), PNG_MAGIC);
    assert.equal(readFileSync(path.join(box.cwd, 'ignore', '.gitignore'), 'utf8').trim(), '*');
    const manifest = JSON.parse(readFileSync(path.join(box.cwd, '.imagestudio', 'manifest.json'), 'utf8')) as {
      images: { file: string; prompt: string }[];
    };
    assert.deepEqual(
      manifest.images.map((i) => [i.file, i.prompt]),
      [[printed, 'a red fox in the snow']],
    );
    const ledgerFiles = readdirSync(path.join(box.config, 'image-studio', 'usage'));
    assert.equal(ledgerFiles.length, 1);
    const entry = JSON.parse(
      readFileSync(path.join(box.config, 'image-studio', 'usage', ledgerFiles[0] ?? ''), 'utf8'),
    ) as { costUsd: number; images: number; cached: boolean };
    assert.equal(entry.images, 1);
    assert.equal(entry.cached, false);
    assert.ok(entry.costUsd > 0);
    assert.deepEqual(
      emu.requests.map((r) => `${r.method} ${r.path} ${String(r.fields['quality'])}`),
      ['POST /v1/images/generations low'],
    );
  });

  it('refuses a request over the monthly cap set by flag or environment, naming which, sending nothing', async () => {
    const flag = await runCli(
      ['generate', 'a fox we cannot afford', '--quality', 'low', '--monthly-budget', '0.0001'],
      { cwd: box.cwd, env: withKey() },
    );
    assert.equal(flag.code, 1, flag.stderr);
    assert.match(
      flag.stderr,
      /over your cap of <\$0\.001 set in --monthly-budget \(or IMAGE_STUDIO_MONTHLY_BUDGET_USD\)/,
    );
    const env = await runCli(['generate', 'a fox we cannot afford', '--quality', 'low'], {
      cwd: box.cwd,
      env: { ...withKey(), IMAGE_STUDIO_MONTHLY_BUDGET_USD: '0.0001' },
    });
    assert.equal(env.code, 1, env.stderr);
    assert.match(env.stderr, /over your cap/);
    const bad = await runCli(['generate', 'a fox', '--monthly-budget', 'lots'], { cwd: box.cwd, env: withKey() });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--monthly-budget must be an amount of US dollars/);
    assert.deepEqual(emu.requests, [], 'nothing was sent');
  });

  it('prints a JSON result with --json, and reuses the saved image for the same request without a call', async () => {
    const first = await runCli(['generate', 'a lighthouse', '--quality', 'low', '--json'], {
      cwd: box.cwd,
      env: withKey(),
    });
    assert.equal(first.code, 0, first.stderr);
    const result = JSON.parse(first.stdout) as {
      images: { path: string; manifestId: string }[];
      costUsd: number;
      cached: boolean;
      estimated: boolean;
    };
    assert.equal(result.cached, false);
    assert.equal(result.images.length, 1);
    assert.ok(existsSync(path.join(box.cwd, result.images[0]?.path ?? 'missing')));
    const again = await runCli(['generate', 'a lighthouse', '--quality', 'low', '--json'], {
      cwd: box.cwd,
      env: withKey(),
    });
    const cached = JSON.parse(again.stdout) as { images: { path: string }[]; costUsd: number; cached: boolean };
    assert.deepEqual([cached.cached, cached.costUsd, cached.images[0]?.path], [true, 0, result.images[0]?.path]);
    assert.equal(emu.requests.length, 1, 'the cache hit sent nothing');
  });

  it('streams previews with --stream, reporting progress on stderr', async () => {
    const run = await runCli(['generate', 'a kite', '--quality', 'low', '--stream'], { cwd: box.cwd, env: withKey() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Preview 1 received\.\nPreview 2 received\./);
    assert.equal(emu.requests[0]?.fields['stream'], true);
  });

  it('refuses a bad flag value with exit 2, naming the flag and the allowed values, and sends nothing', async () => {
    const run = await runCli(['generate', 'a cat', '--quality', 'ultra'], { cwd: box.cwd, env: withKey() });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--quality "ultra" is not valid: allowed values are low, medium, high, xhigh, max, auto/);
    const unknown = await runCli(['generate', 'a cat', '--sise', '1024x1024'], { cwd: box.cwd, env: withKey() });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--sise/);
    const model = await runCli(['generate', 'a cat', '--size', '1000x1000'], { cwd: box.cwd, env: withKey() });
    assert.equal(model.code, 2);
    assert.match(model.stderr, /size "1000x1000" is not valid for gpt-image-2: both sides must be multiples of 16/);
    assert.equal(emu.requests.length, 0);
  });

  it('without a key says where to put one, exits 1 and sends no request', async () => {
    const run = await runCli(['generate', 'a cat', '--quality', 'low'], {
      cwd: box.cwd,
      env: cliEnv(box, { IMAGE_STUDIO_BASE_URL: emu.baseUrl }),
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(
        /No OpenAI API key found, so nothing was sent\. /.source +
          /Set OPENAI_API_KEY in the environment, or add a line OPENAI_API_KEY=<your key> to .*\.env/.source,
      ),
    );
    assert.equal(emu.requests.length, 0);
  });

  it('reads the key from .env in the working directory', async () => {
    writeFileSync(path.join(box.cwd, '.env'), `# local\nexport OPENAI_API_KEY="${EMULATOR_TEST_KEY}"\n`);
    const run = await runCli(['generate', 'a cat from dotenv', '--quality', 'low'], {
      cwd: box.cwd,
      env: cliEnv(box, { IMAGE_STUDIO_BASE_URL: emu.baseUrl }),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(emu.requests[0]?.authorized, true);
    assert.equal(
      readFileSync(path.join(box.cwd, '.env'), 'utf8').includes(EMULATOR_TEST_KEY),
      true,
      'the .env is left as it was',
    );
  });

  it('refuses at once a .env linking to a device or far too big, naming it, and sends nothing', async function () {
    if (process.platform === 'win32') this.skip();
    const env = cliEnv(box, { IMAGE_STUDIO_BASE_URL: emu.baseUrl });
    const envFile = path.join(box.cwd, '.env');
    // A cloned repository can commit this link: reading it whole would never end.
    symlinkSync('/dev/zero', envFile);
    const device = await runCli(['generate', 'a cat', '--quality', 'low'], { cwd: box.cwd, env });
    assert.equal(device.code, 1);
    assert.match(
      device.stderr,
      new RegExp(
        /\.env was not read, because it is not a regular file, /.source +
          /so no key was taken from it and nothing was sent\. /.source +
          /Set OPENAI_API_KEY in the environment instead\.\n$/.source,
      ),
    );
    unlinkSync(envFile);
    // Sparse: only its size is looked at.
    writeFileSync(envFile, `OPENAI_API_KEY=${EMULATOR_TEST_KEY}\n`);
    truncateSync(envFile, 50_000_000);
    const huge = await runCli(['generate', 'a cat', '--quality', 'low'], { cwd: box.cwd, env });
    assert.equal(huge.code, 1);
    assert.match(huge.stderr, /\.env was not read, because it is 50,000 KB, far more than a \.env holds, so no key/);
    assert.equal(emu.requests.length, 0);
  });

  it('never prints the key, even when the 401 echoes it whole', async () => {
    const key = 'sk-proj-cliSecret0123456789abcdefXYZ';
    emu.script.error(401, {
      message:
        `Incorrect API key provided: ${key}. ` +
        'You can find your API key at https://platform.openai.com/account/api-keys.',
      code: 'invalid_api_key',
    });
    const run = await runCli(['generate', 'a cat', '--quality', 'low'], {
      cwd: box.cwd,
      env: withKey({ OPENAI_API_KEY: key }),
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /The OpenAI API key was rejected: check OPENAI_API_KEY/);
    emu.script.error(400, { message: `Bad request from ${key}.`, param: 'prompt', code: 'invalid_value' });
    const echoed = await runCli(['generate', 'a dog', '--quality', 'low'], {
      cwd: box.cwd,
      env: withKey({ OPENAI_API_KEY: key }),
    });
    assert.equal(echoed.code, 1);
    assert.match(echoed.stderr, /rejected by the API for gpt-image-2: Bad request from \*\*\*\./);
    for (const text of [run.stdout, run.stderr, echoed.stdout, echoed.stderr]) {
      assert.ok(!text.includes(key) && !text.includes('cliSecret'), text);
    }
  });

  it('ignores OPENAI_BASE_URL (K7): the key goes only where --base-url or IMAGE_STUDIO_BASE_URL says', async () => {
    const trap = await start();
    try {
      const run = await runCli(['generate', 'a cat', '--quality', 'low', '--base-url', emu.baseUrl], {
        cwd: box.cwd,
        env: withKey({ OPENAI_BASE_URL: trap.baseUrl, IMAGE_STUDIO_BASE_URL: trap.baseUrl }),
      });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual([emu.requests.length, trap.requests.length], [1, 0]);
    } finally {
      await trap.close();
    }
  });

  it('cancels a hung request on Ctrl-C: exit 130, the connection closed, nothing saved', async () => {
    emu.script.hang();
    const { child, done } = startCli(['generate', 'a slow cat', '--quality', 'low'], { cwd: box.cwd, env: withKey() });
    await waitFor(() => emu.requests.length === 1);
    child.kill('SIGINT');
    const run = await done;
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /Interrupted/);
    await waitFor(() => emu.requests[0]?.closedByClient === true);
    assert.equal(existsSync(path.join(box.cwd, '.imagestudio', 'manifest.json')), false);
  });

  it('usage shows the spend the generations recorded', async () => {
    const empty = await runCli(['usage', '--json'], { cwd: box.cwd, env: cliEnv(box) });
    assert.deepEqual(JSON.parse(empty.stdout), {
      todayUsd: 0,
      monthUsd: 0,
      todayImages: 0,
      monthImages: 0,
      todayPossiblyBilledUsd: 0,
      monthPossiblyBilledUsd: 0,
      skippedLines: 0,
      recent: [],
    });
    await runCli(['generate', 'a heron', '--quality', 'low'], { cwd: box.cwd, env: withKey() });
    const json = JSON.parse((await runCli(['usage', '--json'], { cwd: box.cwd, env: cliEnv(box) })).stdout) as {
      todayUsd: number;
      monthImages: number;
      recent: { promptPreview: string }[];
    };
    assert.ok(json.todayUsd > 0);
    assert.equal(json.monthImages, 1);
    assert.equal(json.recent[0]?.promptPreview, 'a heron');
    const text = await runCli(['usage'], { cwd: box.cwd, env: cliEnv(box) });
    assert.equal(text.code, 0);
    assert.match(
      text.stdout,
      /^\$0\.\d{3} today \(1 image\)\n\$0\.\d{3} this month \(1 image\), no monthly cap\n\nRecent:\n .* · a heron\n$/,
    );
  });

  it('prints help per command and refuses an unknown command with exit 2', async () => {
    const help = await runCli(['generate', '--help'], { cwd: box.cwd, env: cliEnv(box) });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: image-studio generate "<prompt>"/);
    const unknown = await runCli(['paint'], { cwd: box.cwd, env: cliEnv(box) });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "paint"/);
  });
});
