import { strict as assert } from 'node:assert';
import type { ImageJobResult } from '../../../../src/core/engine/runImageJob';
import { imageResultText } from '../../../../src/core/tools/imageResultText';

const image = (path: string) => ({ path, manifestId: 'm1', sha256: 'ab', warnings: [] });
const paid: ImageJobResult = {
  images: [image('/ws/ignore/a.png'), image('/ws/ignore/b.png')],
  costUsd: 0.042,
  estimated: false,
  cached: false,
  requestId: 'req_1',
  notices: ['the manifest was set aside'],
};

describe('imageResultText', () => {
  it('names each saved image, links it from the document, and says the cost with the request id', () => {
    const text = imageResultText(paid, {
      workspaceRoot: '/ws',
      document: 'docs/guide/page.md',
      prompt: 'a [fox]',
      included: new Set(['/ws/ignore/a.png']),
    });
    assert.deepEqual(text.split('\n'), [
      'Saved: ignore/a.png',
      'Markdown link: ![a \\[fox\\]](../../ignore/a.png)',
      'Saved: ignore/b.png',
      'Markdown link: ![a \\[fox\\]](../../ignore/b.png)',
      '(ignore/b.png is not included here: open the file to see it.)',
      'The links are relative to docs/guide/page.md.',
      'Cost: $0.042 (request req_1).',
      'Note: the manifest was set aside',
    ]);
  });

  it('links from the workspace folder without a document, and says a cache hit cost nothing', () => {
    const text = imageResultText(
      { ...paid, images: [image('/ws/ignore/a.png')], cached: true, notices: [] },
      { workspaceRoot: '/ws', prompt: 'fox', included: new Set(['/ws/ignore/a.png']) },
    );
    assert.match(text, /^Markdown link: !\[fox\]\(ignore\/a\.png\)$/m);
    assert.match(text, /relative to the workspace folder/);
    assert.match(text, /^Reused an image saved for the same request before: no charge\.$/m);
  });
});
