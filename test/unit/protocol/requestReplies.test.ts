import { strict as assert } from 'node:assert';
import {
  errorReplyTo,
  readReplyTo,
  replyMessage,
  replyTo,
  type ReplyFor,
  type ResultFor,
  type WebviewRequest,
} from '../../../src/protocol/messages';

const options = {
  model: 'gpt-image-2',
  size: 'auto',
  quality: 'auto',
  background: 'auto',
  outputFormat: 'png',
  outputCompression: null,
  n: 1,
  stream: false,
} as const;
const estimate = { type: 'estimate', id: 3, prompt: 'a fox', options } satisfies WebviewRequest;
const history = { type: 'history', id: 4, query: '', count: 30, pinned: [] } satisfies WebviewRequest;
const estimateResult: ResultFor<'estimate'> = { kind: 'estimate', usd: 0.01, text: '$0.01', notes: [] };
const doneResult: ResultFor<'imageAction'> = { kind: 'done', message: 'Copied.' };

describe('typed request/reply pairs', () => {
  it('lets the host answer a request only with the kind of result the request names', () => {
    const reply = replyTo(estimate, estimateResult);
    assert.deepEqual(reply, { type: 'reply', id: 3, ok: true, result: estimateResult });
    assert.ok(replyMessage.safeParse(reply).success);
    // @ts-expect-error an estimate request is answered with an estimate, not with what an image action answers
    replyTo(estimate, doneResult);
    // @ts-expect-error a history request is answered with a history window
    replyTo(history, estimateResult);
    const failed = errorReplyTo(history, { message: 'No folder is open.', fixes: [] });
    assert.ok(replyMessage.safeParse(failed).success);
  });

  it('types the reply the webview receives by the request it sent', () => {
    const answer: ReplyFor<'estimate'> = readReplyTo('estimate', replyTo(estimate, estimateResult));
    // Without the pairing the result would be a union and `text` would not type-check here.
    assert.equal(answer.ok ? answer.result.text : '', '$0.01');
    // @ts-expect-error the reply to an estimate request cannot carry an image action's result
    const wrong: ReplyFor<'estimate'> = { type: 'reply', id: 3, ok: true, result: doneResult };
    assert.ok(wrong);
  });

  it('turns a reply of the wrong kind into an error, so the page neither acts on it nor waits forever', () => {
    const answer = readReplyTo('estimate', { type: 'reply', id: 3, ok: true, result: doneResult });
    assert.equal(answer.ok, false);
    assert.match(answer.ok ? '' : answer.error.message, /answered an? "estimate" request with a "done" reply/);
    const failed = errorReplyTo(estimate, { message: 'Bad size.', fixes: [] });
    assert.deepEqual(readReplyTo('estimate', failed), failed);
  });
});
