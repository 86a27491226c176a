import * as assert from 'node:assert/strict';
import { BadRequestError, NotFoundError, AuthenticationError, toFile, type OpenAI } from 'openai';
import { EMULATOR_MODERATION_MARKER, type RunningEmulator } from '../../emulator';
import { decode, rejectsWith, sdk, start } from './support';

const GENERATIONS = '/v1/images/generations';

function line(customId: string, body: Record<string, unknown>, url = GENERATIONS): string {
  return JSON.stringify({ custom_id: customId, method: 'POST', url, body });
}

async function upload(client: OpenAI, lines: readonly string[], name = 'input.jsonl') {
  return client.files.create({
    file: await toFile(Buffer.from(`${lines.join('\n')}\n`), name, { type: 'application/jsonl' }),
    purpose: 'batch',
  });
}

async function until(client: OpenAI, id: string, done: (status: string) => boolean) {
  for (let i = 0; i < 500; i++) {
    const batch = await client.batches.retrieve(id);
    if (done(batch.status)) return batch;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`batch ${id} never got there`);
}

describe('emulator: files and batches', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  before(async () => {
    emu = await start({ batchLatencyMs: 50 });
  });
  after(() => emu.close());

  it('stores an upload with its purpose and serves it back (object and content)', async () => {
    const client = sdk(emu);
    const file = await upload(client, [line('a', { model: 'gpt-image-2', prompt: 'x' })]);
    assert.match(file.id, /^file-[0-9a-f]{24}$/);
    assert.deepEqual(
      [file.object, file.purpose, file.filename, file.status],
      ['file', 'batch', 'input.jsonl', 'processed'],
    );
    assert.equal((await client.files.retrieve(file.id)).bytes, file.bytes);
    const content = await (await client.files.content(file.id)).text();
    assert.equal(content, `${line('a', { model: 'gpt-image-2', prompt: 'x' })}\n`);
    const upload_ = emu.requests.find((r) => r.path === '/v1/files');
    assert.deepEqual(
      [upload_?.fields['purpose'], upload_?.files[0]?.field, upload_?.files[0]?.filename],
      ['batch', 'file', 'input.jsonl'],
    );
  });

  it('refuses a batch upload that is not .jsonl, a bad purpose, an unknown file, and a missing key', async () => {
    const client = sdk(emu);
    await rejectsWith(
      client.files.create({ file: await toFile(Buffer.from('{}'), 'input.txt'), purpose: 'batch' }),
      BadRequestError,
      { message: /Must be \.jsonl/ },
    );
    await rejectsWith(
      client.files.create({ file: await toFile(Buffer.from('{}'), 'a.jsonl'), purpose: 'nonsense' as 'batch' }),
      BadRequestError,
      { param: 'purpose', code: 'invalid_value' },
    );
    await rejectsWith(client.files.retrieve('file-missing'), NotFoundError, {
      message: /No such File object: file-missing/,
    });
    await rejectsWith(sdk(emu, { apiKey: 'sk-wrong-key-000000000000' }).batches.list(), AuthenticationError, {
      status: 401,
    });
  });

  it("runs a generations batch: validating, in_progress with counts, completed with the handler's lines", async () => {
    const client = sdk(emu);
    const input = await upload(client, [
      line('one', { model: 'gpt-image-2', prompt: 'a red kite', quality: 'low', size: '1024x1024' }),
      line('two', {
        model: 'gpt-image-2',
        prompt: 'a blue kite',
        quality: 'low',
        size: '1024x1536',
        output_format: 'webp',
      }),
      line('bad', { model: 'gpt-image-2', prompt: 'a kite', quality: 'ultra' }),
    ]);
    const release = emu.holdBatches();
    const created = await client.batches.create({
      input_file_id: input.id,
      endpoint: GENERATIONS,
      completion_window: '24h',
      metadata: { job: 'kites' },
    });
    assert.deepEqual(
      [created.object, created.status, created.endpoint, created.input_file_id],
      ['batch', 'validating', GENERATIONS, input.id],
    );
    assert.equal(created.expires_at, created.created_at + 86_400);
    const running = await until(client, created.id, (s) => s !== 'validating');
    assert.equal(running.status, 'in_progress');
    assert.deepEqual(running.request_counts, { total: 3, completed: 0, failed: 0 });
    release();
    const done = await until(client, created.id, (s) => s === 'completed');
    assert.deepEqual(done.request_counts, { total: 3, completed: 2, failed: 1 });
    assert.ok(done.in_progress_at && done.finalizing_at && done.completed_at);
    assert.deepEqual(done.metadata, { job: 'kites' });

    const output = (await (await client.files.content(done.output_file_id ?? '')).text())
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string;
            custom_id: string;
            error: null;
            response: {
              status_code: number;
              request_id: string;
              body: { data: { b64_json: string }[]; size: string; usage: { output_tokens: number } };
            };
          },
      );
    assert.deepEqual(
      output.map((o) => [o.custom_id, o.response.status_code, o.error]),
      [
        ['one', 200, null],
        ['two', 200, null],
      ],
    );
    assert.match(output[0]?.id ?? '', /^batch_req_/);
    assert.match(output[0]?.response.request_id ?? '', /^req_/);
    assert.equal(output[0]?.response.body.usage.output_tokens, 272);
    const second = await decode(output[1]?.response.body.data[0]?.b64_json);
    assert.deepEqual([second.format, second.width, second.height], ['webp', 1024, 1536]);

    const errors = (await (await client.files.content(done.error_file_id ?? '')).text())
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            custom_id: string;
            response: { status_code: number; body: { error: { param: string; message: string } } };
          },
      );
    assert.deepEqual(
      errors.map((e) => [e.custom_id, e.response.status_code, e.response.body.error.param]),
      [['bad', 400, 'quality']],
    );
    const outputFile = await client.files.retrieve(done.output_file_id ?? '');
    assert.equal(outputFile.purpose, 'batch_output');
    assert.ok(!emu.requests.some((r) => r.path === GENERATIONS), 'batch lines are not HTTP requests in the log');
  });

  it('puts a moderation refusal in the error file', async () => {
    const client = sdk(emu);
    const input = await upload(client, [
      line('mod', { model: 'gpt-image-2', prompt: `a ${EMULATOR_MODERATION_MARKER} scene`, quality: 'low' }),
    ]);
    const done = await until(
      client,
      (await client.batches.create({ input_file_id: input.id, endpoint: GENERATIONS, completion_window: '24h' })).id,
      (s) => s === 'completed',
    );
    assert.equal(done.output_file_id ?? null, null);
    const error = JSON.parse(await (await client.files.content(done.error_file_id ?? '')).text()) as {
      response: { body: { error: { code: string } } };
    };
    assert.equal(error.response.body.error.code, 'moderation_blocked');
  });

  it('fails a batch whose input file has invalid lines, listing them by line number', async () => {
    const client = sdk(emu);
    const input = await upload(client, [
      'not json',
      line('x', { prompt: 'p' }, '/v1/images/edits'),
      line('y', { prompt: 'p' }),
      line('y', { prompt: 'q' }),
    ]);
    const failed = await until(
      client,
      (await client.batches.create({ input_file_id: input.id, endpoint: GENERATIONS, completion_window: '24h' })).id,
      (s) => s === 'failed',
    );
    assert.deepEqual(
      failed.errors?.data?.map((e) => [e.line, e.code]),
      [
        [1, 'invalid_json_line'],
        [2, 'mismatched_endpoint'],
        [4, 'duplicate_custom_id'],
      ],
    );
    assert.ok(failed.failed_at);
  });

  it('validates create: completion window, endpoint, file purpose', async () => {
    const client = sdk(emu);
    const input = await upload(client, [line('a', { prompt: 'p' })]);
    await rejectsWith(
      client.batches.create({ input_file_id: input.id, endpoint: GENERATIONS, completion_window: '48h' as '24h' }),
      BadRequestError,
      { param: 'completion_window' },
    );
    await rejectsWith(
      client.batches.create({ input_file_id: input.id, endpoint: '/v1/embeddings', completion_window: '24h' }),
      BadRequestError,
      { param: 'endpoint' },
    );
    const vision = await client.files.create({ file: await toFile(Buffer.from('x'), 'a.png'), purpose: 'vision' });
    await rejectsWith(
      client.batches.create({ input_file_id: vision.id, endpoint: GENERATIONS, completion_window: '24h' }),
      BadRequestError,
      { param: 'input_file_id' },
    );
    await rejectsWith(client.batches.retrieve('batch_nope'), NotFoundError);
  });

  it('cancels an in-progress batch, lists batches newest first, and refuses to cancel a finished one', async () => {
    const client = sdk(emu);
    const input = await upload(client, [line('a', { model: 'gpt-image-2', prompt: 'p', quality: 'low' })]);
    const release = emu.holdBatches();
    const created = await client.batches.create({
      input_file_id: input.id,
      endpoint: GENERATIONS,
      completion_window: '24h',
    });
    await until(client, created.id, (s) => s === 'in_progress');
    const cancelling = await client.batches.cancel(created.id);
    assert.equal(cancelling.status, 'cancelling');
    const cancelled = await until(client, created.id, (s) => s === 'cancelled');
    release();
    assert.deepEqual(cancelled.request_counts, { total: 1, completed: 0, failed: 0 });
    const page = await client.batches.list({ limit: 2 });
    assert.equal(page.data[0]?.id, created.id);
    assert.equal(page.data.length, 2);
    await rejectsWith(client.batches.cancel(created.id), Error, { status: 409 });
  });
});
