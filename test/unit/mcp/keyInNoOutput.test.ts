import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { maskKey, type RunningEmulator } from '../../emulator';
import { keyFragmentsIn } from '../../support/keyFragments';
import type { Sandbox } from '../cli/support';
import { mcpSuite, textOf, type McpSession } from './support';

/** A key without the sk- shape: only the redaction of known secrets can catch its pieces. */
const KEY = 'q7Zx0123456789abcdefghijklmnop4Wv9';

describe('mcp: the key comes from the environment or ./.env and reaches no output (K5)', function () {
  this.timeout(60_000);
  const suite = mcpSuite({ apiKey: KEY });
  let emu: RunningEmulator;
  let box: Sandbox;
  beforeEach(() => {
    emu = suite.emu();
    box = suite.box();
  });
  function assertClean(session: McpSession, key = KEY): void {
    const everything = `${session.received()}\n${session.stderr()}`;
    assert.deepEqual(keyFragmentsIn(everything, key), [], everything.slice(0, 2000));
  }
  const request = { prompt: 'a fox', quality: 'low', size: '1024x1024' };

  it('a key from ./.env works, and API errors that echo it come back redacted', async () => {
    writeFileSync(path.join(box.cwd, '.env'), `OPENAI_API_KEY=${KEY}\n`);
    const env = suite.env();
    delete env['OPENAI_API_KEY'];
    const session = await suite.connect({ env });
    assert.notEqual((await session.call('generate_image', request)).isError, true);
    emu.script.error(400, {
      message: `The key ${maskKey(KEY)} (${KEY.slice(0, 8)}...${KEY.slice(-4)}) may not do that.`,
      param: KEY.slice(2, 14),
      code: 'invalid_value',
    });
    const echoed = await session.call('generate_image', { ...request, prompt: 'a second fox' });
    assert.equal(echoed.isError, true);
    assert.match(textOf(echoed), /The key \*\*\* \(\*\*\*\) may not do that\./);
    assert.equal(emu.requests.length, 2);
    assertClean(session);
  });

  it('a wrong key: the tool error says so without any piece of it; no key at all: says where to put one', async () => {
    const wrong = 'q7Zx9876543210zyxwvutsrqponm4Wv9';
    const session = await suite.connect({ env: suite.env({ OPENAI_API_KEY: wrong }) });
    const rejected = await session.call('generate_image', request);
    assert.equal(rejected.isError, true);
    assert.match(textOf(rejected), /^The OpenAI API key was rejected/);
    assertClean(session, wrong);
    const env = suite.env();
    delete env['OPENAI_API_KEY'];
    const keyless = await suite.connect({ env });
    const missing = await keyless.call('generate_image', request);
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /^No OpenAI API key found, so nothing was sent\. Set OPENAI_API_KEY/);
  });
});
