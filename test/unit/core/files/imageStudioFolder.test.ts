import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeBatchRecord } from '../../../../src/cli/batchRecord';
import { withFileLock } from '../../../../src/core/files/fileLock';
import type { FileStore } from '../../../../src/core/files/fileStore';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { ensureImageStudioFolder, IMAGE_STUDIO_GITIGNORE } from '../../../../src/core/files/imageStudioFolder';
import { appendManifestEntry, type ManifestEntry } from '../../../../src/core/files/manifest';
import { createNodeFileStore } from '../../../../src/core/files/nodeFileStore';
import { resolveOutputFolder } from '../../../../src/core/files/outputFolder';
import { checkSaveReady } from '../../../../src/core/files/savePreflight';
import { useTempDir } from '../../support/tempDir';

const NOW = new Date(Date.UTC(2026, 10, 30, 9, 5, 7));

function entry(id: string): ManifestEntry {
  return {
    id,
    file: `ignore/20261130-090507-a-fox-${id}.png`,
    prompt: 'a fox',
    model: 'gpt-image-2',
    kind: 'generate',
    options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
    requestHash: 'a'.repeat(64),
    createdAt: NOW.toISOString(),
  };
}

/** The node store, noting every path something was written or renamed to. */
function recording(store: FileStore, written: Set<string>): FileStore {
  return {
    ...store,
    writeFile: (p, bytes) => {
      written.add(p);
      return store.writeFile(p, bytes);
    },
    renameNoOverwrite: (from, to) => {
      written.add(to);
      return store.renameNoOverwrite(from, to);
    },
  };
}

/** `git check-ignore` in `root`, isolated from the machine's own git configuration: the paths git ignores. */
function ignoredByGit(root: string, paths: readonly string[]): string[] {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: root };
  const run = spawnSync('git', ['-C', root, 'check-ignore', '--stdin'], {
    input: paths.join('\n'),
    encoding: 'utf8',
    env,
  });
  // Exit 0: some are ignored; 1: none are; anything else is a failure of git itself.
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return run.stdout.split('\n').filter((line) => line !== '');
}

describe('.imagestudio: the manifest is tracked, everything else Image Studio writes there is git-ignored', () => {
  const tempDir = useTempDir();

  it('git ignores every lock, temp, stale, set-aside and batch file a session writes, not the manifest', async () => {
    const root = tempDir();
    assert.equal(spawnSync('git', ['init', '-q', root]).status, 0, 'git is needed for this test');
    const written = new Set<string>();
    const store = recording(createNodeFileStore(), written);
    const location = { store, workspaceRoot: root };
    await appendManifestEntry({ ...location, entry: entry('e1'), now: NOW });
    await appendManifestEntry({ ...location, entry: entry('e2'), now: NOW });
    // A lock left dated in the future is broken (moved aside as .stale), and a corrupt manifest is set aside.
    fs.writeFileSync(
      path.join(root, '.imagestudio', 'manifest.json.lock'),
      JSON.stringify({ token: 'planted', at: 4_102_444_800_000 }),
    );
    fs.writeFileSync(path.join(root, '.imagestudio', 'manifest.json'), '<<<<<<< HEAD\n');
    await appendManifestEntry({ ...location, entry: entry('e3'), now: NOW });
    await withFileLock({ store, path: path.join(root, '.imagestudio', 'other.json') }, () => Promise.resolve());
    // The check before paying writes a probe in the output folder and in .imagestudio.
    await checkSaveReady({
      ...location,
      folders: [await resolveOutputFolder({ ...location, outputFolder: 'ignore' })],
      growth: { entries: 1, bytes: 1024 },
    });
    const request = parseImageRequest({
      kind: 'generate',
      model: 'gpt-image-2',
      prompt: 'a batch fox',
      quality: 'low',
    });
    if (request.kind !== 'generate') throw new Error('unreachable');
    await writeBatchRecord(location, {
      version: 1,
      batchId: 'batch_abc123',
      inputFileId: 'file_1',
      endpoint: '/v1/images/generations',
      submittedAt: NOW.toISOString(),
      outputFolder: 'ignore',
      estimateUsd: 0.01,
      items: [{ customId: 'line-1', line: 1, request }],
      saved: {},
      failed: {},
    });

    const local = [...written]
      .filter((p) => p.startsWith(`${root}/.imagestudio/`) || p.startsWith(`${root}/ignore/`))
      .map((p) => p.slice(root.length + 1))
      .filter((p) => !['.imagestudio/manifest.json', '.imagestudio/.gitignore', 'ignore/.gitignore'].includes(p));
    // Each kind of file is really there to check: locks, their temporary files, replaced manifests, the stale lock, the
    // corrupt copy, batches, probes.
    for (const shape of [
      /\.lock$/,
      /\.lock\.[0-9a-f]+\.tmp$/,
      /manifest\.json\.[0-9a-f]+\.tmp$/,
      /manifest\.json\.[0-9a-f]+\.old$/,
      /\.stale$/,
      /manifest\.corrupt-.*\.json$/,
      /^\.imagestudio\/batches\/batch_abc123\.json$/,
      /^\.imagestudio\/\.write-check-[0-9a-f]+\.tmp$/,
      /^ignore\/\.write-check-[0-9a-f]+\.tmp$/,
    ]) {
      assert.ok(
        local.some((p) => shape.test(p)),
        `a session writes something like ${String(shape)}: ${local.join(', ')}`,
      );
    }
    assert.deepEqual(ignoredByGit(root, local).sort(), [...local].sort(), 'every local file is ignored');
    assert.deepEqual(
      ignoredByGit(root, ['.imagestudio/manifest.json', '.imagestudio/.gitignore']),
      [],
      'the manifest and the .gitignore stay tracked',
    );
    assert.equal(fs.readFileSync(path.join(root, '.imagestudio', '.gitignore'), 'utf8'), IMAGE_STUDIO_GITIGNORE);
    assert.equal(fs.existsSync(path.join(root, '.gitignore')), false, 'the root .gitignore is never created');
  });

  it('leaves an existing .imagestudio/.gitignore exactly as it is (F7)', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '.imagestudio'));
    fs.writeFileSync(path.join(root, '.imagestudio', '.gitignore'), '# mine\n');
    const store = createNodeFileStore();
    await ensureImageStudioFolder({ store, workspaceRoot: root });
    await appendManifestEntry({ store, workspaceRoot: root, entry: entry('e1'), now: NOW });
    assert.equal(fs.readFileSync(path.join(root, '.imagestudio', '.gitignore'), 'utf8'), '# mine\n');
  });

  it('refuses a symlinked .imagestudio and writes nothing through it', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'ws'));
    fs.mkdirSync(path.join(root, 'outside'));
    fs.symlinkSync(path.join(root, 'outside'), path.join(root, 'ws', '.imagestudio'));
    await assert.rejects(
      ensureImageStudioFolder({ store: createNodeFileStore(), workspaceRoot: path.join(root, 'ws') }),
      /symbolic link/,
    );
    assert.deepEqual(fs.readdirSync(path.join(root, 'outside')), []);
  });
});
