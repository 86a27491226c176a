import { strict as assert } from 'node:assert';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { ImageStudioError } from '../../../../src/core/errors';
import { runImageJob, type ImageJob } from '../../../../src/core/engine/runImageJob';
import { inspectImage } from '../../../../src/core/request/imageBytes';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { EMULATOR_TEST_KEY, EMULATOR_MODERATION_MARKER } from '../../../emulator';
import { useEngine, type EngineHarness } from './support';

describe('runImageJob against the emulator', () => {
  const engine = useEngine();
  let emulator: EngineHarness['emulator'];
  let root: string;
  let deps: EngineHarness['deps'];

  const job = (prompt: string, extra: Partial<ImageJob> = {}, options: Record<string, unknown> = {}): ImageJob =>
    engine().job(
      parseImageRequest({
        kind: 'generate',
        model: 'gpt-image-2',
        prompt,
        size: '1024x1024',
        quality: 'low',
        ...options,
      }),
      extra,
    );

  beforeEach(() => {
    ({ emulator, root, deps } = engine());
  });

  it('generates, saves a real image in a git-ignored folder, and records manifest and usage', async () => {
    const result = await runImageJob(deps, job('a lighthouse at dusk'));
    assert.equal(result.images.length, 1);
    const file = result.images[0]!.path;
    assert.match(path.basename(file), /^\d{8}-\d{6}-a-lighthouse-at-dusk-[0-9a-f]{4}\.png$/);
    assert.equal(path.dirname(file), path.join(root, 'ws', 'ignore'));
    const info = inspectImage(readFileSync(file));
    assert.deepEqual([info.format, info.width, info.height], ['png', 1024, 1024]);
    assert.equal(readFileSync(path.join(root, 'ws', 'ignore', '.gitignore'), 'utf8').trim(), '*');
    const manifest = JSON.parse(readFileSync(path.join(root, 'ws', '.imagestudio', 'manifest.json'), 'utf8')) as {
      images: { file: string; prompt: string }[];
    };
    assert.equal(manifest.images[0]?.prompt, 'a lighthouse at dusk');
    assert.ok(result.costUsd > 0 && !result.estimated, 'cost priced from the usage in the response');
    assert.ok(existsSync(path.join(root, 'private', 'usage')));
  });

  it('serves an identical request from the cache without calling the API, unless asked to regenerate', async () => {
    await runImageJob(deps, job('a cached cat'));
    const calls = emulator.requests.length;
    const again = await runImageJob(deps, job('a cached cat'));
    assert.equal(again.cached, true);
    assert.equal(again.costUsd, 0);
    assert.equal(emulator.requests.length, calls);
    const fresh = await runImageJob(deps, job('a cached cat', { useCache: false }));
    assert.equal(fresh.cached, false);
    assert.equal(emulator.requests.length, calls + 1);
  });

  it('says where the images are the moment they are in place, before the manifest lists them', async () => {
    const manifest = path.join(root, 'ws', '.imagestudio', 'manifest.json');
    const seen: { paths: readonly string[]; onDisk: boolean[]; listed: boolean }[] = [];
    const result = await runImageJob(deps, job('two early boats', {}, { n: 2 }), {
      onSaved: (paths) => {
        const listed =
          existsSync(manifest) && paths.some((p) => readFileSync(manifest, 'utf8').includes(path.basename(p)));
        seen.push({ paths, onDisk: paths.map((p) => existsSync(p)), listed });
      },
    });
    assert.deepEqual(seen, [{ paths: result.images.map((image) => image.path), onDisk: [true, true], listed: false }]);
    const entries = readFileSync(manifest, 'utf8');
    for (const image of result.images) assert.ok(entries.includes(path.basename(image.path)), 'listed afterwards');
  });

  it('streams partial previews before the final image', async () => {
    const partials: number[] = [];
    await runImageJob(deps, job('a streamed fox', {}, { stream: true, partialImages: 2 }), {
      onEvent: (e) => {
        if (e.type === 'partial') partials.push(e.index);
      },
    });
    assert.deepEqual(partials, [0, 1]);
  });

  it('asks before an expensive request and sends nothing when declined', async () => {
    await assert.rejects(
      runImageJob(deps, job('an expensive castle', { confirmAboveUsd: 0.0001 })),
      (e: unknown) => e instanceof ImageStudioError && e.kind === 'cancelled',
    );
    assert.equal(engine().confirmations.length, 1);
    assert.equal(emulator.requests.length, 0);
  });

  it('refuses without a key, and maps a moderation block, before saving anything', async () => {
    engine().key = undefined;
    await assert.rejects(
      runImageJob(deps, job('no key')),
      (e: unknown) => e instanceof ImageStudioError && e.reason.kind === 'no-api-key',
    );
    engine().key = EMULATOR_TEST_KEY;
    await assert.rejects(
      runImageJob(deps, job(`a ${EMULATOR_MODERATION_MARKER}`)),
      (e: unknown) => e instanceof ImageStudioError && e.kind === 'moderation-blocked',
    );
  });

  it('waits out a 429 with retry-after and then succeeds with exactly two requests', async () => {
    emulator.script.rateLimit({ retryAfterMs: 50 });
    const waits: number[] = [];
    const result = await runImageJob(deps, job('patience'), {
      onEvent: (e) => {
        if (e.type === 'retry-wait') waits.push(e.ms);
      },
    });
    assert.equal(result.images.length, 1);
    assert.equal(emulator.requests.length, 2);
    assert.equal(waits.length, 1);
  });
});
