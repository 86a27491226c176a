import { strict as assert } from 'node:assert';
import { hostToWebviewMessage, maxMessageBytes, parseMessage, webviewToHostMessage } from '../../src/protocol/messages';

describe('protocol', () => {
  it('accepts ready and a state message', () => {
    assert.deepEqual(parseMessage(webviewToHostMessage, { type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseMessage(hostToWebviewMessage, { type: 'state', hasApiKey: true, model: 'gpt-image-2' }), { type: 'state', hasApiKey: true, model: 'gpt-image-2' });
  });

  it('drops unknown, malformed, extra-field and oversized messages', () => {
    for (const bad of [null, 42, 'ready', {}, { type: 'runCommand', command: 'workbench.action.terminal.new' }, { type: 'open', path: '../../.ssh/id_rsa' }, { type: 'ready', extra: 1 }, { type: 'state', hasApiKey: 'yes', model: 'x' }]) {
      assert.equal(parseMessage(webviewToHostMessage, bad), undefined, JSON.stringify(bad));
    }
    assert.equal(parseMessage(hostToWebviewMessage, { type: 'state', hasApiKey: true, model: 'x'.repeat(maxMessageBytes + 1) }), undefined);
  });

  it('survives values that cannot be serialised', () => {
    const cyclic: Record<string, unknown> = { type: 'ready' };
    cyclic.self = cyclic;
    assert.equal(parseMessage(webviewToHostMessage, cyclic), undefined);
  });
});
