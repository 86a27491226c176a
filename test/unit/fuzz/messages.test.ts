import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { ImageStudioError } from '../../../src/core/errors';
import { estimateFor } from '../../../src/panel/composeRequest';
import { toPanelError } from '../../../src/panel/panelError';
import { panelError } from '../../../src/protocol/fixes';
import {
  maxGalleryItems,
  maxImageBase64Chars,
  maxMessageBytes,
  maxPinnedImages,
  maxPromptChars,
  maxRecentPrompts,
  maxRequestId,
} from '../../../src/protocol/limits';
import {
  describeDropped,
  hostToWebviewMessage,
  parseMessage,
  webviewToHostMessage,
  type WebviewToHostMessage,
} from '../../../src/protocol/messages';
import { webviewState } from '../../../src/protocol/webviewState';
import { hostileText, printable } from './arbitraries';
import { checkProperty } from './checkProperty';
import { panelOptions as options } from '../../support/panelOptions';
import { galleryItem as item, modelChoice as model, usageSummary as usage } from '../support/panelMessages';

const history = { query: '', items: [item], matching: 1, total: 1, pinned: [], notices: [] };
const b64 = 'iVBORw0KGgo=';

/** One valid message of every kind each side may send: the seeds the mutations start from. */
const FROM_WEBVIEW: readonly unknown[] = [
  { type: 'ready' },
  { type: 'estimate', id: 1, prompt: 'a boat', options },
  { type: 'estimate', id: 2, prompt: '', options, editOf: item.id },
  { type: 'generate', id: 3, prompt: 'a boat', options },
  { type: 'edit', id: 4, prompt: 'make it red', options, imageId: item.id, maskPng: b64, referenceIds: ['abc'] },
  {
    type: 'edit',
    id: 7,
    prompt: 'make it red',
    options: { ...options, outputFormat: 'webp', outputCompression: 80 },
    upload: { mimeType: 'image/jpeg', b64 },
    referenceIds: [item.id],
  },
  { type: 'cancel', jobId: 3 },
  { type: 'imageAction', id: 6, action: 'insertLink', imageId: item.id },
  { type: 'history', id: 8, query: 'a boat', count: 30, pinned: [item.id] },
  { type: 'runFix', fix: { kind: 'open-settings', setting: 'imageStudio.monthlyBudgetUsd' } },
  {
    type: 'runFix',
    fix: { kind: 'open-url', url: 'https://platform.openai.com/settings/organization/billing', label: 'Billing' },
  },
];
const FROM_HOST: readonly unknown[] = [
  {
    type: 'state',
    hasApiKey: true,
    trusted: true,
    defaults: options,
    models: [model],
    recentPrompts: ['a boat'],
    history,
    usage,
  },
  {
    type: 'reply',
    id: 1,
    ok: true,
    result: { kind: 'estimate', usd: 0.01, text: 'up to $0.010', notes: ['Estimate'] },
  },
  { type: 'reply', id: 3, ok: true, result: { kind: 'images', items: [item], summary: 'Saved 1 image' } },
  {
    type: 'reply',
    id: 8,
    ok: true,
    result: { kind: 'history', history: { ...history, pinned: [item], notices: ['The manifest is too large.'] } },
  },
  {
    type: 'reply',
    id: 3,
    ok: false,
    error: {
      message: 'No key',
      fixes: [
        { kind: 'set-api-key' },
        { kind: 'open-url', url: 'https://platform.openai.com/settings/organization/billing', label: 'Billing' },
      ],
    },
  },
  { type: 'progress', jobId: 3, event: { type: 'partial', index: 0, format: 'png', b64 } },
  { type: 'progress', jobId: 3, event: { type: 'waiting', ms: 12_000 } },
];

/** Every field name a webview message may carry; a path, URI or command field is none of them (W5). */
const WEBVIEW_FIELDS = new Set([
  'type',
  'id',
  'prompt',
  'options',
  'model',
  'size',
  'quality',
  'background',
  'outputFormat',
  'outputCompression',
  'n',
  'stream',
  'editOf',
  'imageId',
  'upload',
  'mimeType',
  'b64',
  'maskPng',
  'referenceIds',
  'jobId',
  'action',
  'fix',
  'kind',
  'setting',
  'url',
  'label',
  'query',
  'count',
  'pinned',
]);
const IMAGE_ID = /^[A-Za-z0-9_-]{1,100}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Values that have slipped through message checks elsewhere: paths, URLs, commands, keys, out-of-range numbers, other
 * shapes.
 */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 3, arbitrary: hostileText({ allowLong: false }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      '../../.ssh/id_rsa',
      '/etc/passwd',
      'file:///etc/passwd',
      'C:\\Windows\\win.ini',
      'command:workbench.action.terminal.new',
      'workbench.action.terminal.new',
      'https://evil.example/',
      'https://platform.openai.com.evil.example/',
      'https://platform.openai.com/../../x',
      'https://platform.openai.com/a b',
      'imageStudio.x\n',
      'imageStudio',
      'sk-proj-abcdefghijklmnopqrstuvwx',
      '0123456789abcdef/..',
      'x'.repeat(maxPromptChars + 1),
      'x'.repeat(101),
      '',
      ' ',
      b64,
      '====',
      'AAAA"',
      -1,
      0,
      0.5,
      1,
      10,
      11,
      100,
      101,
      2 ** 31,
      2 ** 31 + 1,
      2 ** 53,
      -0,
      1e308,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      false,
      null,
      undefined,
      [],
      {},
      [item.id],
      { kind: 'retry' },
      'image/gif',
      'image/svg+xml',
      'open',
      'exec',
      'delete',
      'runCommand',
      'state',
      'reply',
      'estimate',
      'edit',
      'generate',
      'insertLink',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.anything({
      maxDepth: 2,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withNullPrototype: true,
      withSparseArray: true,
    }),
  },
);

/**
 * Values each field legitimately holds, and near misses: a mutation that picks one often leaves the message acceptable,
 * so its checks run.
 */
const FIELD_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  id: [1, 2, 2 ** 31, 2 ** 31 + 1, 0, 1.5],
  jobId: [1, 3, 2 ** 31, -1],
  imageId: [item.id, 'abc', 'a_b-C9', '../x', 'a/b', 'x'.repeat(100), 'x'.repeat(101)],
  editOf: [item.id, 'abc', '..'],
  referenceIds: [
    [],
    ['abc'],
    [item.id, 'x'],
    Array.from({ length: 15 }, (_, i) => `r${i}`),
    Array.from({ length: 16 }, (_, i) => `r${i}`),
    ['a/b'],
  ],
  model: ['gpt-image-2', 'gpt-image-1', 'gpt-image-2.5-flare', '  gpt-image-2  ', 'dall-e-3', '', 'x'.repeat(200)],
  size: ['auto', '1024x1024', '1536x1024', '3840x2160', '16x16', '99999x99999', '0x0', '1024x', '1024X1024'],
  quality: ['auto', 'low', 'medium', 'high', 'xhigh', 'max', 'ultra'],
  background: ['auto', 'opaque', 'transparent', 'none'],
  outputFormat: ['png', 'jpeg', 'webp', 'gif'],
  outputCompression: [null, 0, 80, 100, 101, -1, 50.5],
  n: [1, 2, 10, 11, 0],
  stream: [true, false, 'true'],
  mimeType: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/svg+xml'],
  b64: [b64, 'AAAA', 'AAA', '"><script>', 'A'.repeat(64)],
  maskPng: [b64, 'AAAAAAAA', 'not base64!'],
  action: ['insertLink', 'open', 'reveal', 'copyPath', 'copyPrompt', 'delete', 'exec', 'runCommand'],
  kind: [
    'set-api-key',
    'open-settings',
    'open-url',
    'retry',
    'edit-prompt',
    'manage-workspace-trust',
    'run-command',
    'generate',
    'edit',
    'estimate',
  ],
  setting: [
    'imageStudio',
    'imageStudio.model',
    'imageStudio.monthlyBudgetUsd',
    'terminal.integrated.shell.linux',
    'imageStudio.x\n',
    'imageStudio..a',
  ],
  url: [
    'https://platform.openai.com/usage',
    'https://platform.openai.com/settings/organization/billing',
    'https://platform.openai.com.evil.example/',
    'javascript:alert(1)',
    'https://platform.openai.com/a?b',
  ],
  label: ['Billing', '', 'x'.repeat(61), 'ignore/a b.png'],
  src: ['https://file+.vscode-resource.vscode-cdn.net/w/ignore/a.png', 'javascript:alert(1)', 'x'.repeat(4001)],
  hasApiKey: [true, false, 'sk-proj-abcdefghijklmnop'],
  trusted: [true, false],
  usd: [0, 0.01, -1, Number.NaN],
  index: [0, 10, 11],
  ms: [0, 12_000, -1],
  format: ['png', 'gif'],
  items: [[], [item], Array.from({ length: maxGalleryItems + 1 }, () => item)],
  pinned: [[], [item.id], [item], ['../x'], Array.from({ length: maxPinnedImages + 1 }, () => item.id)],
  availability: ['available', 'missing', 'unavailable', 'shown'],
  query: ['', 'a boat', 'x'.repeat(201)],
  count: [1, 30, maxGalleryItems, maxGalleryItems + 1, 0],
  recentPrompts: [[], ['a'], Array.from({ length: maxRecentPrompts + 1 }, () => 'a')],
  fixes: [
    [],
    [{ kind: 'retry' }],
    [{ kind: 'open-url', url: 'https://evil.example/', label: 'x' }],
    Array.from({ length: 6 }, () => ({ kind: 'retry' })),
  ],
  type: [
    'ready',
    'estimate',
    'generate',
    'edit',
    'cancel',
    'imageAction',
    'runFix',
    'state',
    'reply',
    'progress',
    'open',
    'runCommand',
  ],
};

/** Field names that should never be accepted, next to the real ones so a swap is tried too. */
const FIELD_NAMES = [
  'path',
  'uri',
  'url',
  'file',
  'command',
  'src',
  'href',
  'apiKey',
  'key',
  'args',
  '__proto__',
  'constructor',
  'toJSON',
  ...WEBVIEW_FIELDS,
];

type Mutation = {
  readonly at: readonly number[];
  readonly op: 'field' | 'set' | 'delete' | 'add';
  readonly name: string;
  readonly pick: number;
  readonly value: unknown;
};
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  // `field`: a value from FIELD_VALUES for that field (a prompt gets hostile text); `set`: any hostile value.
  op: fc.constantFrom('field', 'field', 'field', 'field', 'set', 'delete', 'add'),
  name: fc.constantFrom(...FIELD_NAMES),
  pick: fc.nat(),
  value: hostileValue,
});

function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A JSON-like object or array, the only kind a mutation descends into (a typed array or a Map has no fields to set).
 */
function isPlainContainer(value: unknown): value is Record<string, unknown> {
  if (Array.isArray(value)) return true;
  if (!isContainer(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A copy of `message` with each mutation applied at the field that its index path leads to. */
function mutate(message: unknown, mutations: readonly Mutation[]): unknown {
  const copy: unknown = structuredClone(message);
  for (const { at, op, name, pick, value } of mutations) {
    if (!isPlainContainer(copy)) break;
    let container: Record<string, unknown> = copy;
    let key = '';
    for (const index of at) {
      const keys = Object.keys(container);
      if (keys.length === 0) break;
      key = keys[index % keys.length] ?? '';
      const child = container[key];
      if (!isPlainContainer(child) || index % 3 === 0) break;
      container = child;
      key = '';
    }
    if (op === 'add' || key === '')
      Object.defineProperty(container, name, { value, enumerable: true, configurable: true, writable: true });
    else if (op === 'delete') delete container[key];
    else if (op === 'set') container[key] = value;
    else if (key === 'prompt' || key === 'text' || key === 'message')
      container[key] = typeof value === 'string' ? value : String(pick);
    else {
      const choices = FIELD_VALUES[key] ?? [value];
      container[key] = choices[pick % choices.length];
    }
  }
  return copy;
}

/**
 * Walks an accepted webview message: known field names only, ids that are ids, fixes that name only our settings and
 * OpenAI's pages.
 */
function assertIdsOnly(value: unknown, where: string): void {
  if (Array.isArray(value)) {
    value.forEach((element, index) => assertIdsOnly(element, `${where}[${index}]`));
    return;
  }
  if (!isContainer(value)) return;
  for (const [name, field] of Object.entries(value)) {
    assert.ok(WEBVIEW_FIELDS.has(name), `accepted an unknown field ${where}.${name}`);
    if (name === 'imageId' || name === 'editOf') assert.match(String(field), IMAGE_ID, `${where}.${name} is not an id`);
    if (name === 'referenceIds' || name === 'pinned')
      for (const id of field as unknown[]) assert.match(String(id), IMAGE_ID, `${where}.${name} holds a non-id`);
    if (name === 'url')
      assert.match(String(field), /^https:\/\/platform\.openai\.com\/[A-Za-z0-9/_-]*$/, `${where}.url leads elsewhere`);
    if (name === 'setting') assert.match(String(field), /^imageStudio(\.[A-Za-z.]+)?$/, `${where}.setting is not ours`);
    if (name === 'b64' || name === 'maskPng') {
      assert.match(String(field), BASE64, `${where}.${name} is not base64`);
      assert.ok(String(field).length <= maxImageBase64Chars, `${where}.${name} is over the cap`);
    }
    assertIdsOnly(field, `${where}.${name}`);
  }
}

/** The caps every accepted webview message keeps, checked against the limits rather than the schemas. */
function assertWebviewCaps(message: WebviewToHostMessage): void {
  assert.ok((JSON.stringify(message)?.length ?? 0) <= maxMessageBytes, 'over the message size cap');
  const ids = ['id' in message ? message.id : undefined, 'jobId' in message ? message.jobId : undefined].filter(
    (id) => id !== undefined,
  );
  for (const id of ids) assert.ok(Number.isInteger(id) && id >= 1 && id <= maxRequestId, `request id ${id}`);
  if ('prompt' in message)
    assert.ok(typeof message.prompt === 'string' && message.prompt.length <= maxPromptChars, 'prompt over the cap');
  if ('options' in message) {
    assert.ok(
      Number.isInteger(message.options.n) && message.options.n >= 1 && message.options.n <= 10,
      `n ${message.options.n}`,
    );
    assert.match(message.options.size, /^(auto|\d{1,5}x\d{1,5})$/);
  }
  if (message.type === 'edit') {
    assert.ok(message.referenceIds.length <= 15, 'too many references');
    assert.ok((message.imageId === undefined) !== (message.upload === undefined), 'an edit names one image');
  }
}

const fromWebview = fc.oneof(
  { weight: 1, arbitrary: hostileValue },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...FROM_WEBVIEW), fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([seed, mutations]) => mutate(seed, mutations)),
  },
);
const fromHost = fc.oneof(
  { weight: 1, arbitrary: hostileValue },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...FROM_HOST, ...FROM_HOST, ...FROM_WEBVIEW),
        fc.array(mutation, { minLength: 1, maxLength: 2 }),
      )
      .map(([seed, mutations]) => mutate(seed, mutations)),
  },
);

describe('fuzz: webview messages (W5)', function () {
  this.timeout(120_000);

  it(
    'the host never throws on a webview message; ' +
      'what it accepts keeps the caps and carries ids, never paths, URLs or commands',
    async () => {
      await checkProperty(
        'webview → host parse',
        fc.property(fromWebview, (data) => {
          const type = describeDropped(data);
          assert.match(type, /^[A-Za-z0-9_?-]{0,40}$/, `describeDropped gave ${printable(type)}`);
          const message = parseMessage(webviewToHostMessage, data);
          if (message === undefined) return;
          assertWebviewCaps(message);
          assertIdsOnly(message, message.type);
        }),
      );
    },
  );

  it('the host answers an accepted estimate or job with a reply the page accepts, or an option error', async () => {
    const partialImages = fc.integer({ min: 0, max: 3 });
    const jobMessage = fc
      .tuple(
        fc.constantFrom(...FROM_WEBVIEW.filter((m) => isContainer(m) && 'options' in m)),
        fc.array(mutation, { maxLength: 3 }),
      )
      .map(([seed, mutations]) => mutate(seed, mutations));
    await checkProperty(
      'estimateFor on accepted messages',
      fc.property(jobMessage, partialImages, (data, partial) => {
        const message = parseMessage(webviewToHostMessage, data);
        if (message === undefined || !('options' in message)) return;
        let reply: unknown;
        try {
          reply = {
            type: 'reply',
            id: message.id,
            ok: true,
            result: estimateFor(message.prompt, message.options, partial),
          };
        } catch (err) {
          assert.ok(
            err instanceof ImageStudioError,
            `estimateFor threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)} ` +
              `for ${printable(message)}`,
          );
          const error = toPanelError(err);
          assert.ok(panelError.safeParse(error).success, printable(error));
          reply = { type: 'reply', id: message.id, ok: false, error };
        }
        // The host checks what it posts too: a reply that failed its own schema would be dropped and the page would
        // wait forever.
        assert.ok(parseMessage(hostToWebviewMessage, reply), `the page would drop ${printable(reply)}`);
      }),
    );
  });

  it('the page never throws on a host message; what it accepts keeps the caps and links only to OpenAI', async () => {
    await checkProperty(
      'host → webview parse',
      fc.property(fromHost, (data) => {
        const message = parseMessage(hostToWebviewMessage, data);
        if (message === undefined) return;
        assert.ok((JSON.stringify(message)?.length ?? 0) <= maxMessageBytes);
        if (message.type === 'state') {
          const { items, pinned } = message.history;
          assert.ok(
            items.length <= maxGalleryItems &&
              pinned.length <= maxPinnedImages &&
              message.recentPrompts.length <= maxRecentPrompts,
          );
          for (const image of [...items, ...pinned]) assert.match(image.id, IMAGE_ID);
        }
        if (message.type === 'reply' && !message.ok) {
          for (const fix of message.error.fixes)
            if (fix.kind === 'open-url') assert.match(fix.url, /^https:\/\/platform\.openai\.com\//);
        }
        if (message.type === 'progress' && message.event.type === 'partial') assert.match(message.event.b64, BASE64);
      }),
    );
  });

  it('the page reads back any stored state without throwing, keeping only ids', async () => {
    await checkProperty(
      'webviewState from getState',
      fc.property(
        fc.oneof(
          hostileValue,
          fc.record(
            {
              draft: hostileValue,
              editImageId: hostileValue,
              referenceIds: hostileValue,
              collapsed: hostileValue,
              options: hostileValue,
            },
            { requiredKeys: [] },
          ),
        ),
        (stored) => {
          const parsed = webviewState.safeParse(stored);
          if (!parsed.success) return;
          for (const id of [
            ...parsed.data.referenceIds,
            ...parsed.data.lastResultIds,
            ...(parsed.data.editImageId ? [parsed.data.editImageId] : []),
          ])
            assert.match(id, IMAGE_ID);
          assert.ok(parsed.data.draft.length <= maxPromptChars);
        },
      ),
    );
  });
});
