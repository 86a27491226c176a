import { strict as assert } from 'node:assert';
import { errorFix } from '../../../src/protocol/fixes';
import {
  maxGalleryItems,
  maxImageBase64Chars,
  maxMessageBytes,
  maxPinnedImages,
  maxPromptChars,
} from '../../../src/protocol/limits';
import {
  describeDropped,
  hostToWebviewMessage,
  parseMessage,
  webviewToHostMessage,
} from '../../../src/protocol/messages';
import { webviewState } from '../../../src/protocol/webviewState';
import { seededString } from '../../support/seededString';
import { panelOptions as options } from '../../support/panelOptions';
import { galleryItem as item, modelChoice as model, usageSummary as usage } from '../support/panelMessages';

const unavailable = {
  ...item,
  id: 'fedcba9876543210',
  label: 'linked/a.png',
  availability: 'unavailable',
  reason: 'its path goes through a symbolic link',
} as const;
const history = { query: '', items: [item, unavailable], matching: 2, total: 2, pinned: [], notices: [] } as const;
const state = {
  type: 'state',
  hasApiKey: true,
  trusted: true,
  defaults: options,
  models: [model],
  recentPrompts: ['a boat'],
  history,
  usage,
} as const;
const b64 = 'iVBORw0KGgo=';

/** Every message each side may send, in a valid form. */
const validFromWebview: Record<string, unknown> = {
  ready: { type: 'ready' },
  estimate: { type: 'estimate', id: 1, prompt: 'a boat', options },
  estimateForEdit: { type: 'estimate', id: 2, prompt: '', options, editOf: item.id },
  generate: { type: 'generate', id: 3, prompt: 'a boat', options },
  edit: { type: 'edit', id: 4, prompt: 'make it red', options, imageId: item.id, maskPng: b64, referenceIds: ['abc'] },
  editWithoutMask: { type: 'edit', id: 5, prompt: 'make it red', options, imageId: item.id, referenceIds: [] },
  editDropped: {
    type: 'edit',
    id: 7,
    prompt: 'make it red',
    options,
    upload: { mimeType: 'image/jpeg', b64 },
    maskPng: b64,
    referenceIds: [item.id],
  },
  cancel: { type: 'cancel', jobId: 3 },
  imageAction: { type: 'imageAction', id: 6, action: 'insertLink', imageId: item.id },
  history: { type: 'history', id: 8, query: 'boat sunset', count: 60, pinned: [item.id] },
  runFix: { type: 'runFix', fix: { kind: 'open-settings', setting: 'imageStudio.monthlyBudgetUsd' } },
};
const validFromHost: Record<string, unknown> = {
  state,
  replyEstimate: {
    type: 'reply',
    id: 1,
    ok: true,
    result: { kind: 'estimate', usd: 0.01, text: 'up to $0.010', notes: ['Estimate'] },
  },
  replyImages: { type: 'reply', id: 3, ok: true, result: { kind: 'images', items: [item], summary: 'Saved 1 image' } },
  replyDone: { type: 'reply', id: 6, ok: true, result: { kind: 'done', message: 'Link inserted.' } },
  replyHistory: {
    type: 'reply',
    id: 8,
    ok: true,
    result: {
      kind: 'history',
      history: {
        ...history,
        query: 'boat',
        matching: 1,
        pinned: [item],
        notices: ['The image manifest is too large to read.'],
      },
    },
  },
  replyError: {
    type: 'reply',
    id: 3,
    ok: false,
    error: { message: 'No key', fixes: [{ kind: 'set-api-key' }, { kind: 'retry' }] },
  },
  progressPartial: { type: 'progress', jobId: 3, event: { type: 'partial', index: 0, format: 'png', b64 } },
  progressWaiting: { type: 'progress', jobId: 3, event: { type: 'waiting', ms: 12_000 } },
  progressQueued: { type: 'progress', jobId: 3, event: { type: 'queued', position: 1 } },
  progressOthers: { type: 'progress', jobId: 3, event: { type: 'saving' } },
};

describe('protocol', () => {
  for (const [name, message] of Object.entries(validFromWebview)) {
    it(`accepts the webview's ${name} message`, () => {
      assert.deepEqual(parseMessage(webviewToHostMessage, message), message);
      assert.equal(parseMessage(hostToWebviewMessage, message), undefined, 'and only on the host side');
    });
  }
  for (const [name, message] of Object.entries(validFromHost)) {
    it(`accepts the host's ${name} message`, () => {
      assert.deepEqual(parseMessage(hostToWebviewMessage, message), message);
      assert.equal(parseMessage(webviewToHostMessage, message), undefined, 'and only on the webview side');
    });
  }

  it('drops unknown, malformed and extra-field messages from the webview', () => {
    const bad: unknown[] = [
      null,
      42,
      'ready',
      {},
      [],
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'open', path: '../../.ssh/id_rsa' },
      { type: 'ready', extra: 1 },
      { type: 'estimate', id: 1, prompt: 'x', options: { ...options, apiKey: 'sk-x' } },
      { type: 'estimate', id: 0, prompt: 'x', options },
      { type: 'estimate', id: 1.5, prompt: 'x', options },
      { type: 'generate', id: 1, prompt: 'x', options: { ...options, n: 11 } },
      { type: 'generate', id: 1, prompt: 'x', options: { ...options, quality: 'ultra' } },
      { type: 'generate', id: 1, prompt: 'x', options: { ...options, size: '../1' } },
      { type: 'generate', id: 1, prompt: 'x', options, path: '/etc/passwd' },
      { type: 'edit', id: 1, prompt: 'x', options, imageId: '../../etc/passwd', referenceIds: [] },
      { type: 'edit', id: 1, prompt: 'x', options, imageId: 'abc', referenceIds: [], maskPng: 'not base64!' },
      { type: 'edit', id: 1, prompt: 'x', options, referenceIds: [] },
      {
        type: 'edit',
        id: 1,
        prompt: 'x',
        options,
        imageId: 'abc',
        upload: { mimeType: 'image/png', b64 },
        referenceIds: [],
      },
      { type: 'edit', id: 1, prompt: 'x', options, upload: { mimeType: 'image/gif', b64 }, referenceIds: [] },
      {
        type: 'edit',
        id: 1,
        prompt: 'x',
        options,
        upload: { mimeType: 'image/png', b64, path: '/tmp/a.png' },
        referenceIds: [],
      },
      {
        type: 'edit',
        id: 1,
        prompt: 'x',
        options,
        imageId: 'abc',
        referenceIds: Array.from({ length: 16 }, (_, i) => `r${i}`),
      },
      { type: 'imageAction', id: 1, action: 'exec', imageId: 'abc' },
      { type: 'imageAction', id: 1, action: 'open', imageId: 'file:///etc/passwd' },
      { type: 'runFix', fix: { kind: 'run-command', command: 'workbench.action.terminal.new' } },
      { type: 'runFix', fix: { kind: 'open-settings', setting: 'terminal.integrated.shell.linux' } },
      { type: 'runFix', fix: { kind: 'open-url', url: 'https://evil.example/', label: 'x' } },
      { type: 'cancel', jobId: -1 },
      { type: 'history', id: 1, query: '', count: 0, pinned: [] },
      { type: 'history', id: 1, query: '', count: maxGalleryItems + 1, pinned: [] },
      { type: 'history', id: 1, query: 'x'.repeat(201), count: 30, pinned: [] },
      { type: 'history', id: 1, query: '', count: 30, pinned: ['../../etc/passwd'] },
      {
        type: 'history',
        id: 1,
        query: '',
        count: 30,
        pinned: Array.from({ length: maxPinnedImages + 1 }, (_, i) => `p${i}`),
      },
      { type: 'history', id: 1, query: '', count: 30, pinned: [], path: '/etc' },
    ];
    for (const message of bad)
      assert.equal(parseMessage(webviewToHostMessage, message), undefined, JSON.stringify(message));
  });

  it('drops malformed messages from the host', () => {
    const bad: unknown[] = [
      { ...state, hasApiKey: 'yes' },
      { ...state, apiKey: 'sk-secret' },
      { ...state, models: [] },
      { ...state, history: { ...history, items: [{ ...item, path: '/home/me/a.png' }] } },
      { ...state, history: { ...history, items: [{ ...item, availability: 'shown' }] } },
      { ...state, history: { ...history, items: [{ ...item, availability: undefined }] } },
      { ...state, history: { ...history, matching: -1 } },
      { ...state, history: { ...history, notices: ['x'.repeat(1001)] } },
      { type: 'reply', id: 1, ok: true, error: { message: 'x', fixes: [] } },
      { type: 'reply', id: 1, ok: false, error: { message: 'x', fixes: [{ kind: 'run-command', command: 'x' }] } },
      { type: 'progress', jobId: 1, event: { type: 'partial', index: 0, format: 'gif', b64 } },
      { type: 'progress', jobId: 1, event: { type: 'partial', index: 0, format: 'png', b64: '"><script>' } },
    ];
    for (const message of bad)
      assert.equal(parseMessage(hostToWebviewMessage, message), undefined, JSON.stringify(message).slice(0, 200));
  });

  it('drops oversized messages and fields', () => {
    assert.equal(
      parseMessage(webviewToHostMessage, { type: 'generate', id: 1, prompt: 'x'.repeat(maxPromptChars + 1), options }),
      undefined,
    );
    assert.equal(
      parseMessage(webviewToHostMessage, {
        type: 'edit',
        id: 1,
        prompt: 'x',
        options,
        imageId: 'a',
        referenceIds: [],
        maskPng: 'A'.repeat(maxImageBase64Chars + 4),
      }),
      undefined,
    );
    assert.equal(
      parseMessage(hostToWebviewMessage, {
        ...state,
        history: { ...history, items: Array.from({ length: maxGalleryItems + 1 }, () => item) },
      }),
      undefined,
    );
    assert.equal(
      parseMessage(hostToWebviewMessage, {
        ...state,
        history: { ...history, pinned: Array.from({ length: maxPinnedImages + 1 }, () => item) },
      }),
      undefined,
    );
    assert.equal(
      parseMessage(webviewToHostMessage, { type: 'ready', padding: 'x'.repeat(maxMessageBytes) }),
      undefined,
    );
    // A dropped image and its mask at their caps fit; anything more is refused before zod reads it.
    const big = 'A'.repeat(maxImageBase64Chars);
    const atCaps = {
      type: 'edit',
      id: 1,
      prompt: 'x',
      options,
      upload: { mimeType: 'image/png', b64: big },
      referenceIds: [],
      maskPng: big,
    };
    assert.ok(parseMessage(webviewToHostMessage, atCaps));
    assert.equal(
      parseMessage(webviewToHostMessage, { ...atCaps, prompt: 'x'.repeat(maxMessageBytes - 2 * maxImageBase64Chars) }),
      undefined,
    );
  });

  it('survives values that cannot be serialised, and random input', () => {
    const cyclic: Record<string, unknown> = { type: 'ready' };
    cyclic.self = cyclic;
    assert.equal(parseMessage(webviewToHostMessage, cyclic), undefined);
    assert.equal(parseMessage(webviewToHostMessage, { type: 'ready', n: 10n }), undefined);
    const pool = ['a', 'Z', '"', '<', '>', '/', '..', '\u0000', 'ready', 'estimate', '{', ' ', 'é', '\n'];
    for (let i = 0; i < 300; i++) {
      const text = seededString(pool, i + 1, 12);
      assert.equal(parseMessage(webviewToHostMessage, { type: text, id: i, prompt: text }), undefined);
    }
  });

  it('names a dropped message by a short printable type only', () => {
    assert.equal(describeDropped({ type: 'runCommand', command: 'secret' }), 'runCommand');
    assert.equal(describeDropped({ type: '<b>x</b>\n' }), '?b?x??b??');
    assert.equal(describeDropped({ type: 'x'.repeat(500) }).length, 40);
    assert.equal(describeDropped(null), 'null');
    assert.equal(describeDropped('ready'), 'string');
    assert.equal(describeDropped({ type: 5 }), 'number');
  });

  it('allows fixes only to our settings and OpenAI pages', () => {
    assert.ok(errorFix.safeParse({ kind: 'open-settings', setting: 'imageStudio' }).success);
    assert.ok(
      errorFix.safeParse({
        kind: 'open-url',
        url: 'https://platform.openai.com/settings/organization/billing',
        label: 'Billing',
      }).success,
    );
    assert.ok(
      !errorFix.safeParse({ kind: 'open-url', url: 'https://platform.openai.com.evil.example/', label: 'x' }).success,
    );
    assert.ok(!errorFix.safeParse({ kind: 'open-url', url: 'javascript:alert(1)', label: 'x' }).success);
  });

  it('reads back the webview state, with defaults for anything stale', () => {
    assert.deepEqual(webviewState.parse({}), {
      draft: '',
      search: '',
      referenceIds: [],
      lastResultIds: [],
      editPrompt: '',
      collapsed: [],
    });
    assert.equal(webviewState.parse({ draft: 'a boat', options }).options?.model, 'gpt-image-2');
    assert.ok(!webviewState.safeParse({ draft: 1 }).success);
    assert.ok(!webviewState.safeParse({ editImageId: '../x' }).success);
  });
});
