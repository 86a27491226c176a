import * as assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator';
import { waitFor } from '../../support/waitFor';
import { readCliLedger, type Sandbox } from '../cli/support';
import { connectMcp, mcpSuite, textOf } from './support';

describe('mcp: Ctrl-C and a closed stdin end the server', function () {
  this.timeout(60_000);
  const suite = mcpSuite();
  let emu: RunningEmulator;
  let box: Sandbox;
  beforeEach(() => {
    emu = suite.emu();
    box = suite.box();
  });
  const ledger = (): { possiblyBilled?: boolean; agent?: { tool: string } }[] => readCliLedger(box);

  it('Ctrl-C while idle ends the process', async () => {
    const session = await suite.connect();
    assert.ok(session.transport.pid);
    process.kill(session.transport.pid, 'SIGINT');
    await session.exited;
    assert.match(session.stderr(), /Interrupted: the MCP server stopped\.\n$/);
  });

  it('Ctrl-C during a request aborts it and records it as possibly billed before ending', async () => {
    emu.script.hang();
    const session = await suite.connect();
    const call = session.call('generate_image', { prompt: 'a slow tortoise', quality: 'low' });
    // The call never answers: the server goes away under it.
    call.catch(() => undefined);
    await waitFor(
      'the request to arrive',
      (listener) => emu.onRequestLog(listener),
      () => emu.requests.length === 1,
    );
    const pid = session.transport.pid;
    assert.ok(pid);
    process.kill(pid, 'SIGINT');
    await session.exited;
    await assert.rejects(call);
    assert.equal(emu.requests[0]?.closedByClient, true);
    assert.deepEqual(
      ledger().map((entry) => [entry.possiblyBilled, entry.agent?.tool]),
      [[true, 'generate_image']],
    );
    assert.match(session.stderr(), /cancelled after it was sent.*counted as possibly billed/s);
    assert.match(session.stderr(), /Interrupted: the MCP server stopped\.\n$/);
  });

  it('a closed stdin ends the process by itself (before the client would have to kill it)', async () => {
    const session = await connectMcp({ cwd: box.cwd, env: suite.env() });
    assert.match(textOf(await session.call('list_images', {})), /No images/);
    void session.close();
    await session.exited;
    // Only the server's own end writes this: a server killed by the client's fallback SIGTERM would not.
    assert.match(session.stderr(), /stdin closed: the MCP server stopped\.\n$/);
  });
});
