import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EMULATOR_MODERATION_MARKER, type RunningEmulator } from '../../emulator';
import { cliSuite, readCliLedger, type Sandbox } from './support';

interface LedgerEntry {
  costUsd: number;
  images: number;
  requestId?: string;
  promptPreview: string;
  outputTokens: number;
}

describe('cli: batch submit, status and fetch (child process against the emulator)', function () {
  this.timeout(60_000);
  const suite = cliSuite();
  const { cli } = suite;
  let emu: RunningEmulator;
  let box: Sandbox;
  beforeEach(() => {
    emu = suite.emu();
    box = suite.box();
  });
  const ledger = (): LedgerEntry[] => readCliLedger(box);

  async function submit(lines: string, ...flags: string[]): Promise<string> {
    writeFileSync(path.join(box.cwd, 'prompts.txt'), lines);
    const run = await cli(
      'batch',
      'submit',
      'prompts.txt',
      '--quality',
      'low',
      '--size',
      '1024x1024',
      '--json',
      ...flags,
    );
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as { batchId: string }).batchId;
  }

  it('submits a 3-prompt file: uploads the JSONL, creates and records the batch, prints id and estimate', async () => {
    writeFileSync(path.join(box.cwd, 'prompts.txt'), 'a red kite\n\n# a comment\na blue kite\na green kite\n');
    const run = await cli('batch', 'submit', 'prompts.txt', '--quality', 'low', '--size', '1024x1024');
    assert.equal(run.code, 0, run.stderr);
    const id =
      /Submitted batch (batch_[0-9a-f]+): 3 requests, estimated \$0\.\d{3} at the Batch API price \(50% off\)/.exec(
        run.stdout,
      )?.[1];
    assert.ok(id, run.stdout);
    assert.deepEqual(
      emu.requests.map((r) => `${r.method} ${r.path}`),
      ['POST /v1/files', 'POST /v1/batches'],
    );
    assert.deepEqual(
      [emu.requests[0]?.fields['purpose'], emu.requests[0]?.files[0]?.filename],
      ['batch', 'image-studio-batch.jsonl'],
    );
    assert.deepEqual(emu.requests[1]?.fields, {
      input_file_id: emu.requests[1]?.fields['input_file_id'],
      endpoint: '/v1/images/generations',
      completion_window: '24h',
      metadata: { tool: 'image-studio' },
    });
    // The record is local bookkeeping: git-ignored, unlike the manifest beside it.
    assert.equal(readFileSync(path.join(box.cwd, '.imagestudio', 'batches', '.gitignore'), 'utf8').trim(), '*');
    const record = JSON.parse(readFileSync(path.join(box.cwd, '.imagestudio', 'batches', `${id}.json`), 'utf8')) as {
      items: { customId: string; line: number; request: { prompt: string; quality: string } }[];
      estimateUsd: number;
    };
    assert.deepEqual(
      record.items.map((i) => [i.customId, i.line, i.request.prompt, i.request.quality]),
      [
        ['line-1', 1, 'a red kite', 'low'],
        ['line-4', 4, 'a blue kite', 'low'],
        ['line-5', 5, 'a green kite', 'low'],
      ],
    );
    // 3 x 272 output tokens + prompt tokens at half of $30 / $5 per million.
    assert.ok(record.estimateUsd > 0.0122 && record.estimateUsd < 0.0125, String(record.estimateUsd));
  });

  it('shows progress, fetches 3 images into manifest and ledger at the batch price; a refetch saves none', async () => {
    const release = emu.holdBatches();
    const id = await submit('a red kite\na blue kite\na green kite\n');
    let early = '';
    for (let i = 0; i < 100 && !early.includes('in_progress'); i++) early = (await cli('batch', 'status', id)).stdout;
    assert.match(early, new RegExp(`^${id}: in_progress, 0 of 3 done, 0 failed\\.`));
    const notYet = await cli('batch', 'fetch', id);
    assert.equal(notYet.code, 1);
    assert.match(notYet.stderr, /is in_progress \(0 of 3 done\): nothing to fetch yet; try again later/);
    assert.ok(!existsSync(path.join(box.cwd, 'ignore')));
    release();

    let status = '';
    for (let i = 0; i < 100 && !status.includes('completed'); i++) {
      status = (await cli('batch', 'status', id)).stdout;
      if (!status.includes('completed')) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(
      status,
      new RegExp(`^${id}: completed, 3 of 3 done, 0 failed\\.\\nSave the images with: image-studio batch fetch ${id}`),
    );

    const fetched = await cli('batch', 'fetch', id);
    assert.equal(fetched.code, 0, fetched.stderr);
    const saved = fetched.stdout.trim().split('\n').slice(0, 3);
    assert.equal(saved.length, 3);
    for (const file of saved) {
      assert.match(file, /^ignore\/\d{8}-\d{6}-a-(red|blue|green)-kite-[0-9a-f]{4}\.png$/);
      assert.deepEqual([...readFileSync(path.join(box.cwd, file))].slice(0, 4), [0x89, 0x50, 0x4e, 0x47]);
    }
    assert.match(fetched.stdout, /Saved 3 images\. Cost: \$0\.012 at the batch price\.\n$/);
    const manifest = JSON.parse(readFileSync(path.join(box.cwd, '.imagestudio', 'manifest.json'), 'utf8')) as {
      images: { file: string; prompt: string; costUsd: number }[];
    };
    assert.deepEqual(manifest.images.map((i) => i.file).sort(), [...saved].sort());
    const entries = ledger();
    assert.equal(entries.length, 3);
    for (const entry of entries) {
      // 272 output tokens at $15 (half of $30) plus 3 text tokens at $2.50 per million.
      assert.equal(entry.outputTokens, 272);
      assert.ok(Math.abs(entry.costUsd - (272 * 15 + 3 * 2.5) / 1e6) < 1e-9, String(entry.costUsd));
      assert.match(entry.requestId ?? '', /^req_/);
    }

    const again = await cli('batch', 'fetch', id);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^Saved 0 images \(3 requests were saved by an earlier fetch\)\./);
    assert.equal(readdirSync(path.join(box.cwd, 'ignore')).filter((f) => f.endsWith('.png')).length, 3);
    assert.equal(ledger().length, 3);
    assert.match((await cli('batch', 'status', id)).stdout, /Fetched 3 of 3 requests\./);
  });

  it('reports a line the API refused, with its prompts line and message, and saves the rest', async () => {
    const id = await submit(`a yellow kite\na ${EMULATOR_MODERATION_MARKER} kite\n`);
    for (let i = 0; i < 100; i++) {
      const run = await cli('batch', 'fetch', id, '--json');
      if (run.code === 1 && /try again later/.test(run.stderr)) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      assert.equal(run.code, 1, 'a failed request makes the exit code 1');
      const report = JSON.parse(run.stdout) as {
        saved: string[];
        failed: { customId: string; line: number; message: string }[];
      };
      assert.equal(report.saved.length, 1);
      assert.deepEqual(
        report.failed.map((f) => [f.customId, f.line]),
        [['line-2', 2]],
      );
      assert.match(report.failed[0]?.message ?? '', /^400: Your request was rejected by the safety system/);
      return;
    }
    assert.fail('the batch never completed');
  });

  it('refuses, before uploading anything, a batch whose record or images could not be kept', async () => {
    writeFileSync(path.join(box.cwd, 'prompts.txt'), 'a red kite\n');
    // A repository's symlinked .imagestudio: the record would be written through it.
    const elsewhere = path.join(path.dirname(box.cwd), 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, path.join(box.cwd, '.imagestudio'));
    const linked = await cli('batch', 'submit', 'prompts.txt', '--quality', 'low');
    assert.equal(linked.code, 1);
    assert.match(linked.stderr, /^Nothing was sent: .*\.imagestudio is a symbolic link/);
    assert.deepEqual(readdirSync(elsewhere), []);
    rmSync(path.join(box.cwd, '.imagestudio'));
    // An output folder that is a file.
    writeFileSync(path.join(box.cwd, 'renders'), 'not a folder');
    const filed = await cli('batch', 'submit', 'prompts.txt', '--quality', 'low', '--output-folder', 'renders');
    assert.equal(filed.code, 1);
    assert.match(filed.stderr, /^Nothing was sent: .*renders exists but is not a folder/);
    assert.equal(emu.requests.length, 0);
  });

  it('validates a JSONL prompts file with line numbers before sending anything', async () => {
    writeFileSync(
      path.join(box.cwd, 'prompts.jsonl'),
      '{"prompt": "a kite"}\n{"prompt": "a cat", "quality": "ultra"}\n',
    );
    const bad = await cli('batch', 'submit', 'prompts.jsonl');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^prompts\.jsonl:2: "quality": Invalid option: expected one of/);
    writeFileSync(path.join(box.cwd, 'prompts.jsonl'), '{"prompt": "a kite", "colour": "red"}\n');
    assert.match(
      (await cli('batch', 'submit', 'prompts.jsonl')).stderr,
      /prompts\.jsonl:1: unknown option "colour" \(allowed: prompt, model, size/,
    );
    writeFileSync(path.join(box.cwd, 'prompts.jsonl'), '{"prompt": "a kite", "size": "1000x1000"}\n');
    assert.match(
      (await cli('batch', 'submit', 'prompts.jsonl')).stderr,
      /prompts\.jsonl:1: size "1000x1000" is not valid for gpt-image-2/,
    );
    assert.equal(emu.requests.length, 0);
  });

  it('takes per-line options from JSONL over the flags', async () => {
    writeFileSync(
      path.join(box.cwd, 'prompts.jsonl'),
      '{"prompt": "a wide kite", "size": "1536x1024", "format": "webp"}\n{"prompt": "a square kite"}\n',
    );
    const run = await cli('batch', 'submit', 'prompts.jsonl', '--quality', 'low', '--size', '1024x1024', '--json');
    assert.equal(run.code, 0, run.stderr);
    const { batchId } = JSON.parse(run.stdout) as { batchId: string };
    const record = JSON.parse(
      readFileSync(path.join(box.cwd, '.imagestudio', 'batches', `${batchId}.json`), 'utf8'),
    ) as { items: { request: { size: string; outputFormat: string } }[] };
    assert.deepEqual(
      record.items.map((i) => [i.request.size, i.request.outputFormat]),
      [
        ['1536x1024', 'webp'],
        ['1024x1024', 'png'],
      ],
    );
  });

  it('refuses fetch for a batch this workspace did not submit, and a bad subcommand', async () => {
    const run = await cli('batch', 'fetch', 'batch_unknown');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /No record of batch batch_unknown/);
    assert.equal((await cli('batch', 'fetch', '../../etc/passwd')).code, 1);
    assert.equal((await cli('batch', 'launch')).code, 2);
    assert.equal(emu.requests.length, 0);
  });
});
