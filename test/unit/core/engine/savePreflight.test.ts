import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import * as path from 'node:path';
import { ImageStudioError } from '../../../../src/core/errors';
import { withFileLock } from '../../../../src/core/files/fileLock';
import { type FileStore, FileStoreError } from '../../../../src/core/files/fileStore';
import { runImageJob, type ImageJob } from '../../../../src/core/engine/runImageJob';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { useEngine } from './support';

/**
 * The real disk, except that writing under `folder` fails as a read-only folder does (root ignores permission bits).
 */
function readOnlyUnder(store: FileStore, folder: string): FileStore {
  const refuse = (p: string) => p === folder || p.startsWith(`${folder}/`);
  return {
    ...store,
    writeFile: (p, bytes) =>
      refuse(p)
        ? Promise.reject(new FileStoreError('no-permission', `No permission to write (EACCES): ${p}`))
        : store.writeFile(p, bytes),
  };
}

const nothingSent =
  (pattern: RegExp) =>
  (e: unknown): boolean => {
    assert.ok(e instanceof ImageStudioError, String(e));
    assert.match(e.message, /^Nothing was sent: /);
    assert.match(e.message, pattern);
    return true;
  };

describe('runImageJob: before paying, checks saving can succeed (nothing is bought that cannot be kept)', function () {
  this.timeout(30_000);
  const engine = useEngine();
  const job = (prompt: string, extra: Partial<ImageJob> = {}): ImageJob =>
    engine().job(
      parseImageRequest({ kind: 'generate', model: 'gpt-image-2', prompt, size: '1024x1024', quality: 'low' }),
      extra,
    );
  const ledgerWritten = () => existsSync(path.join(engine().root, 'private', 'usage'));

  it('refuses a read-only output folder with no request sent', async () => {
    const { deps, emulator, workspace } = engine();
    mkdirSync(path.join(workspace, 'ignore'));
    writeFileSync(path.join(workspace, 'ignore', '.gitignore'), '*\n');
    const store = readOnlyUnder(deps.store, path.join(workspace, 'ignore'));
    await assert.rejects(
      runImageJob({ ...deps, store }, job('a read-only heron')),
      nothingSent(
        new RegExp(
          /cannot save in .*\/ws\/ignore \(no permission to write there\)\. /.source +
            /Make it writable or change the output folder/.source,
        ),
      ),
    );
    assert.deepEqual(emulator.requests, []);
    assert.equal(ledgerWritten(), false, 'nothing paid, nothing recorded');
  });

  it('refuses a really read-only output folder when not run as root', async function () {
    if (process.getuid?.() === 0) this.skip();
    const { deps, emulator, workspace } = engine();
    mkdirSync(path.join(workspace, 'ignore'));
    writeFileSync(path.join(workspace, 'ignore', '.gitignore'), '*\n');
    chmodSync(path.join(workspace, 'ignore'), 0o555);
    try {
      await assert.rejects(runImageJob(deps, job('a read-only egret')), nothingSent(/cannot save in .*\/ws\/ignore/));
    } finally {
      chmodSync(path.join(workspace, 'ignore'), 0o755);
    }
    assert.deepEqual(emulator.requests, []);
  });

  it('refuses a read-only .imagestudio (the manifest could not be written)', async () => {
    const { deps, emulator, workspace } = engine();
    mkdirSync(path.join(workspace, '.imagestudio'));
    writeFileSync(path.join(workspace, '.imagestudio', '.gitignore'), '*.lock\n');
    const store = readOnlyUnder(deps.store, path.join(workspace, '.imagestudio'));
    await assert.rejects(
      runImageJob({ ...deps, store }, job('a manifest-less crane')),
      nothingSent(/cannot save in .*\/ws\/\.imagestudio .*it holds the image manifest/),
    );
    assert.deepEqual(emulator.requests, []);
  });

  it('refuses a symlinked .imagestudio, writing nothing through it', async () => {
    const { deps, emulator, workspace, root } = engine();
    mkdirSync(path.join(root, 'elsewhere'));
    symlinkSync(path.join(root, 'elsewhere'), path.join(workspace, '.imagestudio'));
    await assert.rejects(
      runImageJob(deps, job('a linked stork')),
      nothingSent(/\/ws\/\.imagestudio is a symbolic link/),
    );
    assert.deepEqual(emulator.requests, []);
    assert.deepEqual(readdirSync(path.join(root, 'elsewhere')), []);
  });

  it('refuses a symlinked manifest', async () => {
    const { deps, emulator, workspace, root } = engine();
    mkdirSync(path.join(workspace, '.imagestudio'));
    writeFileSync(path.join(root, 'elsewhere.json'), '{"version":1,"images":[]}');
    symlinkSync(path.join(root, 'elsewhere.json'), path.join(workspace, '.imagestudio', 'manifest.json'));
    await assert.rejects(runImageJob(deps, job('a linked ibis')), nothingSent(/manifest\.json is a symbolic link/));
    assert.deepEqual(emulator.requests, []);
  });

  it('refuses an output folder that is a file', async () => {
    const { deps, emulator, workspace } = engine();
    writeFileSync(path.join(workspace, 'ignore'), 'not a folder');
    await assert.rejects(
      runImageJob(deps, job('a filed flamingo')),
      nothingSent(/\/ws\/ignore exists but is not a folder/),
    );
    assert.deepEqual(emulator.requests, []);
  });

  it('refuses while another window or the CLI holds the manifest lock, and pays once it is given back', async () => {
    const { deps, emulator, workspace } = engine();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let acquired: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      acquired = resolve;
    });
    const holder = withFileLock(
      { store: deps.store, path: path.join(workspace, '.imagestudio', 'manifest.json') },
      () => {
        acquired();
        return held;
      },
    );
    await holding;
    try {
      await assert.rejects(
        runImageJob(deps, job('a waiting spoonbill')),
        nothingSent(/manifest\.json is locked by another Image Studio window or the CLI/),
      );
      assert.deepEqual(emulator.requests, []);
    } finally {
      release();
      await holder;
    }
    const result = await runImageJob(deps, job('a waiting spoonbill'));
    assert.equal(result.images.length, 1);
    assert.equal(emulator.requests.length, 1);
  });

  it('refuses none of 40 prompts queued at once in one process for its own manifest lock', async () => {
    const { deps, emulator } = engine();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => runImageJob(deps, job(`a queued heron ${i}`))),
    );
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []));
    assert.deepEqual(refused, []);
    assert.equal(emulator.requests.length, 40);
  });

  it('is not stalled by a committed lock dated in the future', async () => {
    const { deps, emulator, workspace } = engine();
    mkdirSync(path.join(workspace, '.imagestudio'));
    writeFileSync(
      path.join(workspace, '.imagestudio', 'manifest.json.lock'),
      JSON.stringify({ token: 'planted', at: Date.now() + 365 * 24 * 3600 * 1000 }),
    );
    const result = await runImageJob(deps, job('a punctual plover'));
    assert.equal(result.images.length, 1);
    assert.equal(emulator.requests.length, 1);
  });

  it('sets a committed manifest of 50,001 non-entries aside as corrupt, and keeps the paid image', async () => {
    const { deps, emulator, workspace } = engine();
    mkdirSync(path.join(workspace, '.imagestudio'));
    // 100 KB: the check before paying counts entries from the size, so this must not be "too many entries" later.
    writeFileSync(
      path.join(workspace, '.imagestudio', 'manifest.json'),
      JSON.stringify({ version: 1, images: new Array<number>(50_001).fill(0) }),
    );
    const result = await runImageJob(deps, job('a counted stint'));
    assert.equal(emulator.requests.length, 1);
    assert.equal(result.images.length, 1);
    assert.match(result.notices.join(' '), /entries are too short to be images.*renamed to .*manifest\.corrupt-/);
    const manifest = JSON.parse(readFileSync(path.join(workspace, '.imagestudio', 'manifest.json'), 'utf8')) as {
      images: unknown[];
    };
    assert.equal(manifest.images.length, 1, 'the paid image is recorded in a new manifest');
  });

  it('leaves no probe behind, and its name is one git ignores in both folders', async () => {
    const { deps, workspace } = engine();
    await runImageJob(deps, job('a tidy avocet'));
    assert.deepEqual(
      readdirSync(path.join(workspace, 'ignore')).filter((name) => !name.endsWith('.png')),
      ['.gitignore'],
    );
    assert.deepEqual(readdirSync(path.join(workspace, '.imagestudio')).sort(), ['.gitignore', 'manifest.json']);
  });
});
