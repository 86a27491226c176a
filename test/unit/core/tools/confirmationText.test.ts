import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { confirmationMarkdown, confirmationTitle } from '../../../../src/core/tools/confirmationText';

const request = parseImageRequest({
  kind: 'generate',
  prompt: 'a kite ![x](https://evil.example/p.png) <img src=x> [link](https://evil.example)\n# not a heading',
  model: 'gpt-image-2',
  size: '1024x1024',
  quality: 'high',
});

describe('confirmationText', () => {
  it('asks about the count and the estimate in the title', () => {
    assert.equal(confirmationTitle(request, 0.211), 'Generate 1 image for up to $0.211?');
  });

  it('shows the prompt as quoted text only: no image, link, HTML or heading a Markdown renderer would make', () => {
    const html = new MarkdownIt().render(
      confirmationMarkdown({ request, estimateUsd: 0.211, monthUsd: 0, monthlyBudgetUsd: 0 }),
    );
    assert.doesNotMatch(html, /<img|<a |<h1/);
    assert.match(html, /<blockquote>/);
    assert.match(html, /a kite !\[x\]\(https:\/\/evil/);
  });

  it('lists the options sent, the estimate and what is left of the budget', () => {
    const text = confirmationMarkdown({
      request,
      estimateUsd: 0.211,
      monthUsd: 1.5,
      monthlyBudgetUsd: 5,
      inputFiles: ['images/photo.png'],
    });
    assert.match(text, /^- Model: gpt-image-2$/m);
    assert.match(text, /^- Size: 1024x1024, quality: high, background: auto$/m);
    assert.match(text, /^- Input images: images\/photo\\\.png$/m);
    assert.match(
      text,
      /\*\*Estimated cost: up to \$0\.211\.\*\* Spent this month: \$1\.50 of your \$5\.00 budget \(\$3\.50 left\)\./,
    );
    assert.match(
      confirmationMarkdown({ request, estimateUsd: 0.211, monthUsd: 0, monthlyBudgetUsd: 0 }),
      /no monthly budget set/,
    );
  });
});
