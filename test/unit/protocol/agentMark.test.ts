import { strict as assert } from 'node:assert';
import { describeAgent } from '../../../src/facts/agentNames';
import { agentMark } from '../../../src/protocol/agentMark';
import { galleryItem } from '../../../src/protocol/gallery';

const item = {
  id: 'abc',
  prompt: 'a fox',
  model: 'gpt-image-2',
  kind: 'generate',
  size: '1024x1024',
  quality: 'low',
  background: 'auto',
  outputFormat: 'png',
  createdAt: '2026-12-01T10:00:00.000Z',
  label: 'ignore/fox.png',
  availability: 'available',
};

describe('protocol: the agent mark on history items and usage rows', () => {
  it('says the client as people know it, else the door, then the tool, for any via', () => {
    assert.equal(
      describeAgent({ via: 'mcp', tool: 'generate_image', client: 'claude-code' }),
      'Claude Code · generate_image',
    );
    assert.equal(describeAgent({ via: 'copilot', tool: 'generate image' }), 'Copilot · generate image');
    assert.equal(describeAgent({ via: 'mcp', tool: 'edit_image' }), 'an MCP client · edit_image');
    assert.equal(describeAgent({ via: 'someday', tool: 't', client: 'My Own Agent' }), 'My Own Agent · t');
    assert.equal(describeAgent({ via: 'mcp', tool: 't', client: 'constructor' }), 'constructor · t');
  });

  it('carries a mark on a history item, refusing extra fields and oversized words', () => {
    const mark = { via: 'mcp', tool: 'generate_image', client: 'cursor-vscode' };
    assert.deepEqual(galleryItem.parse({ ...item, agent: mark }).agent, mark);
    assert.ok(!galleryItem.safeParse({ ...item, agent: { ...mark, path: '/etc' } }).success);
    assert.ok(!agentMark.safeParse({ ...mark, client: 'x'.repeat(201) }).success);
    assert.ok(!agentMark.safeParse({ via: '', tool: 'generate_image' }).success);
  });
});
