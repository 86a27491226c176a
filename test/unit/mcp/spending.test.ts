import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { RunningEmulator } from '../../emulator';
import type { Sandbox } from '../cli/support';
import { mcpSuite, textOf } from './support';

describe('mcp: the monthly budget and the confirmation threshold (elicitation)', function () {
  this.timeout(60_000);
  const suite = mcpSuite();
  let emu: RunningEmulator;
  let box: Sandbox;
  beforeEach(() => {
    emu = suite.emu();
    box = suite.box();
  });
  const imagesSaved = (): number =>
    existsSync(path.join(box.cwd, 'ignore')) ? readdirSync(path.join(box.cwd, 'ignore')).length - 1 : 0;
  const request = { prompt: 'a lighthouse at dusk', quality: 'low', size: '1024x1024' };

  it('refuses a request over the monthly budget (variable or flag) before sending it', async () => {
    const fromEnv = await suite.connect({ env: suite.env({ IMAGE_STUDIO_MONTHLY_BUDGET_USD: '0.0001' }) });
    const refused = await fromEnv.call('generate_image', request);
    assert.equal(refused.isError, true);
    assert.match(
      textOf(refused),
      new RegExp(
        String.raw`^This request would bring this month's spend to \$0\.\d{3}, over your cap of <\$0\.001 ` +
          String.raw`set in --monthly-budget \(or IMAGE_STUDIO_MONTHLY_BUDGET_USD\)\.`,
      ),
    );
    const fromFlag = await suite.connect({ args: ['--monthly-budget', '0.0001'] });
    assert.equal((await fromFlag.call('edit_image', { ...request, image: 'missing.png' })).isError, true);
    assert.equal((await fromFlag.call('generate_image', request)).isError, true);
    assert.deepEqual(emu.requests, []);
    assert.equal(imagesSaved(), 0);
  });

  it('above the threshold, asks through elicitation: accepted, it is made; declined, nothing is sent', async () => {
    let answer: 'accept' | 'decline' = 'accept';
    const session = await suite.connect({
      args: ['--confirm-above', '0.001'],
      elicit: () => ({ action: answer }),
    });
    const accepted = await session.call('generate_image', request);
    assert.notEqual(accepted.isError, true, textOf(accepted));
    assert.equal(session.asked.length, 1);
    assert.match(
      session.asked[0]?.params.message ?? '',
      new RegExp(
        String.raw`^This request is estimated at up to \$0\.\d{3}, above \$0\.001 ` +
          String.raw`\(--confirm-above \(or IMAGE_STUDIO_CONFIRM_ABOVE_USD\)\)\.`,
      ),
    );
    assert.equal(emu.requests.length, 1);
    assert.equal(imagesSaved(), 1);

    answer = 'decline';
    const declined = await session.call('generate_image', { ...request, prompt: 'a lighthouse at dawn' });
    assert.equal(declined.isError, true);
    assert.match(textOf(declined), /^Cancelled before sending: the cost was not confirmed\./);
    assert.equal(session.asked.length, 2);
    assert.equal(emu.requests.length, 1);
    assert.equal(imagesSaved(), 1);
  });

  it('above the threshold, a client without elicitation gets a tool error and nothing is sent', async () => {
    const session = await suite.connect({ env: suite.env({ IMAGE_STUDIO_CONFIRM_ABOVE_USD: '0.001' }) });
    const refused = await session.call('generate_image', request);
    assert.equal(refused.isError, true);
    assert.match(
      textOf(refused),
      new RegExp(
        String.raw`^This request is estimated at up to \$0\.\d{3}, above \$0\.001 .*\. This MCP client cannot ask ` +
          String.raw`the person \(it does not support elicitation\), so nothing was sent\. .*have the person raise ` +
          String.raw`--confirm-above \(or IMAGE_STUDIO_CONFIRM_ABOVE_USD\)`,
      ),
    );
    assert.deepEqual(emu.requests, []);
    assert.equal(imagesSaved(), 0);
  });
});
