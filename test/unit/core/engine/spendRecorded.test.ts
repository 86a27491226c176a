import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ImageStudioError, type ErrorKind } from '../../../../src/core/errors';
import { estimateCost } from '../../../../src/core/spend/estimateCost';
import { runImageJob, type ImageJob, type ImageJobEvent } from '../../../../src/core/engine/runImageJob';
import { parseImageRequest, type ImageRequest } from '../../../../src/core/request/imageRequest';
import { monthOf, readUsage, type UsageEntry } from '../../../../src/core/spend/usageLedger';
import { startEmulator } from '../../../emulator';
import { useEngine, type EngineHarness } from './support';

/** The engine writes the ledger as soon as the API has answered, or has failed in a way that may still be billed. */
describe('runImageJob records spend whenever a request may have been billed', () => {
  const engine = useEngine();
  let harness: EngineHarness;

  beforeEach(() => {
    harness = engine();
  });

  const request = (options: Record<string, unknown> = {}): ImageRequest =>
    parseImageRequest(
      {
        kind: 'generate',
        model: 'gpt-image-2',
        prompt: 'a lighthouse at dusk',
        size: '1024x1024',
        quality: 'low',
        ...options,
      },
      harness.deps.now(),
    );
  const job = (req: ImageRequest, extra: Partial<ImageJob> = {}): ImageJob =>
    harness.job(req, { useCache: false, ...extra });

  async function ledger(): Promise<UsageEntry[]> {
    return (
      await readUsage({
        store: harness.deps.store,
        folder: harness.deps.ledgerFolder,
        month: monthOf(harness.deps.now()),
      })
    ).entries;
  }

  /** Runs `job` expecting an ImageStudioError of `kind`; `onStarted` runs once the request is about to be sent. */
  async function fails(
    kind: ErrorKind,
    theJob: ImageJob,
    onStarted?: () => void,
    signal?: AbortSignal,
  ): Promise<ImageStudioError> {
    const onEvent = (event: ImageJobEvent): void => {
      if (event.type === 'started') onStarted?.();
    };
    try {
      await runImageJob(harness.deps, theJob, { onEvent, ...(signal ? { signal } : {}) });
    } catch (err) {
      assert.ok(err instanceof ImageStudioError, `expected ImageStudioError ${kind}, got ${String(err)}`);
      assert.equal(err.kind, kind, err.message);
      return err;
    }
    assert.fail(`expected ${kind}, but the job succeeded`);
  }

  function assertPaidEntry(entries: UsageEntry[]): void {
    assert.equal(entries.length, 1, 'one ledger entry');
    const [entry] = entries;
    assert.equal(entry?.possiblyBilled, undefined, 'a billed entry, not a possibly billed one');
    assert.equal(entry?.images, 1);
    assert.ok((entry?.costUsd ?? 0) > 0 && entry?.estimated === false, 'priced from the usage in the answer');
    assert.equal(entry?.requestId, harness.emulator.requests[0]?.requestId);
  }

  function assertPossiblyBilled(entries: UsageEntry[], req: ImageRequest): void {
    assert.equal(entries.length, 1, 'one ledger entry');
    const [entry] = entries;
    assert.equal(entry?.possiblyBilled, true);
    assert.equal(entry?.images, 0);
    assert.equal(entry?.estimated, true);
    assert.equal(entry?.costUsd, estimateCost(req).usd, 'counted at the estimate made before sending');
  }

  it('keeps the entry when saving fails: the output folder became a file after the request was sent', async () => {
    const folder = path.join(harness.workspace, 'ignore');
    const err = await fails('save-failed', job(request()), () => {
      rmSync(folder, { recursive: true, force: true });
      writeFileSync(folder, 'not a folder');
    });
    assert.match(err.message, /kept at/);
    assertPaidEntry(await ledger());
    assert.equal(readdirSync(harness.deps.recoveryFolder).length, 1, 'the paid image is in the recovery folder');
  });

  it('keeps the entry when the manifest cannot be written: .imagestudio became a file', async () => {
    // The check before paying made .imagestudio a real folder; it is replaced by a file once the request is sent.
    const folder = path.join(harness.workspace, '.imagestudio');
    const err = await fails('save-failed', job(request()), () => {
      rmSync(folder, { recursive: true, force: true });
      writeFileSync(folder, 'not a folder');
    });
    assert.match(err.message, /\.imagestudio exists but is not a folder/);
    assertPaidEntry(await ledger());
  });

  it('saves the paid image and says so when the ledger itself cannot be written', async () => {
    const result = await runImageJob(harness.deps, job(request()), {
      onEvent: (event) => {
        if (event.type !== 'started') return;
        mkdirSync(path.dirname(harness.deps.ledgerFolder), { recursive: true });
        writeFileSync(harness.deps.ledgerFolder, 'not a folder');
      },
    });
    assert.equal(result.images.length, 1);
    assert.ok(existsSync(result.images[0]?.path ?? ''), 'the image was saved');
    assert.equal(result.notices.length, 1);
    assert.match(
      result.notices[0] ?? '',
      new RegExp(
        /^Recording \$0\.\d+ in the usage ledger failed \(.+\), /.source +
          /so this month's spend and the monthly cap do not include it\.$/.source,
      ),
    );
  });

  it('keeps the sound images of an answer whose other image is unusable, and records what it cost', async () => {
    for (const stream of [false, true]) {
      harness.emulator.script.corruptImage(1);
      const before = (await ledger()).length;
      const result = await runImageJob(harness.deps, job(request({ n: 2, stream, prompt: `two boats ${stream}` })));
      assert.equal(result.images.length, 1, 'the good image is kept');
      assert.ok(existsSync(result.images[0]?.path ?? ''));
      assert.match(
        result.notices.join(' '),
        /^Image 2 of 2 in the answer was not saved: Invalid image: .*\(request req_/,
      );
      const entries = (await ledger()).slice(before);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.possiblyBilled, undefined, 'the answer came: it is a paid entry, from its usage');
      assert.equal(entries[0]?.images, 2);
    }
  });

  it('records a request that timed out after it was sent as possibly billed, at its estimate', async () => {
    harness.emulator.script.hang();
    const req = request();
    const err = await fails('timeout-maybe-billed', job(req, { timeoutMs: 300 }));
    assert.match(
      err.message,
      /It is counted as possibly billed, at the estimate of \$0\.\d+, in the usage and the monthly cap\.$/,
    );
    assertPossiblyBilled(await ledger(), req);
  });

  it('records a stream cut after a partial image as possibly billed', async () => {
    harness.emulator.script.truncate({ partials: 1 });
    const req = request({ stream: true, partialImages: 2 });
    const err = await fails('connection', job(req));
    assert.equal(err.mayHaveBilled, true);
    assertPossiblyBilled(await ledger(), req);
  });

  it('records an answer without image data, and an error in the middle of a stream, as possibly billed', async () => {
    harness.emulator.script.noImageData();
    const req = request();
    await fails('unknown', job(req));
    assertPossiblyBilled(await ledger(), req);
    harness.emulator.script.streamError(1, { message: 'The image could not be finished.', code: 'server_error' });
    const streamed = request({ stream: true, partialImages: 2 });
    await fails('server-error', job(streamed));
    const entries = await ledger();
    assert.equal(entries.length, 2);
    assertPossiblyBilled(entries.slice(1), streamed);
  });

  it('records a cancel after the request was sent as possibly billed (the API may still finish it)', async () => {
    harness.emulator.script.hang();
    const controller = new AbortController();
    const req = request();
    const pending = fails('cancelled', job(req), undefined, controller.signal);
    await until(() => harness.emulator.requests.length === 1);
    controller.abort();
    const err = await pending;
    assert.match(
      err.message,
      new RegExp(
        /^The request was cancelled after it was sent; the API may still finish the image and bill it\. /.source +
          /It is counted as possibly billed/.source,
      ),
    );
    assertPossiblyBilled(await ledger(), req);
  });

  it('records nothing for a refused connection, a 400, a 429, or a cancel before sending', async () => {
    const closed = await startEmulator({ latencyScale: 0 });
    await closed.close();
    const refused = await fails(
      'connection',
      job(request(), { connection: { provider: 'openai', baseUrl: closed.baseUrl } }),
    );
    assert.match(refused.message, /not sent and nothing was billed/);
    harness.emulator.script.error(400, { message: "Invalid value: 'wide'.", param: 'size', code: 'invalid_value' });
    await fails('invalid-option', job(request()));
    harness.emulator.script.insufficientQuota();
    await fails('insufficient-quota', job(request()));
    await fails('cancelled', job(request()), undefined, AbortSignal.abort());
    assert.deepEqual(await ledger(), []);
  });

  it('records a request retried after a 429 once: the 429 was not billed, the answer was', async () => {
    harness.emulator.script.rateLimit({ retryAfterMs: 10 });
    await runImageJob(harness.deps, job(request()));
    assert.deepEqual(
      harness.emulator.requests.map((r) => r.status),
      [429, 200],
    );
    const entries = await ledger();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.requestId, harness.emulator.requests[1]?.requestId);
  });

  it('refuses the next request over the monthly cap because of a possibly billed one', async () => {
    harness.emulator.script.hang();
    const req = request();
    const cap = estimateCost(req).usd * 1.5;
    await fails('timeout-maybe-billed', job(req, { timeoutMs: 300, monthlyBudgetUsd: cap }));
    const refused = await fails('budget-exceeded', job(req, { monthlyBudgetUsd: cap }));
    assert.match(refused.message, /over your cap/);
    assert.equal(harness.emulator.requests.length, 1, 'the second request was never sent');
  });

  it('records the spend before the image is written (the ledger is there when saving starts)', async () => {
    let entriesWhenSaving: number | undefined;
    const result = await runImageJob(harness.deps, job(request()), {
      onEvent: (event) => {
        if (event.type === 'saving') entriesWhenSaving = readdirSync(harness.deps.ledgerFolder).length;
      },
    });
    assert.equal(entriesWhenSaving, 1, 'the month file existed when saving began');
    assert.equal(result.notices.length, 0);
    assertPaidEntry(await ledger());
    assert.ok(readFileSync(result.images[0]?.path ?? '').length > 0);
  });
});

/** Resolves once `check` holds, looking again after each turn of the event loop's timers. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}
