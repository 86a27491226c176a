import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { ImageStudioError } from '../../../../src/core/errors';
import { MemoryFileStore } from '../../../support/memoryFileStore';
import { createNodeFileStore } from '../../../../src/core/files/nodeFileStore';
import { resolveOutputFolder, resolveWorkspacePath } from '../../../../src/core/files/outputFolder';
import { rejectionOf } from '../../support/images';
import { useTempDir } from '../../support/tempDir';

const ROOT = '/ws';
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

async function workspace(): Promise<MemoryFileStore> {
  const store = new MemoryFileStore();
  await store.createDirectory(ROOT);
  store.calls.length = 0;
  return store;
}

describe('resolveOutputFolder', () => {
  // F2: every escape is refused before anything is touched.
  for (const outputFolder of [
    '../x',
    '/etc',
    'a/../../b',
    'C:\\x',
    '%2e%2e/x',
    'ignore\\..\\..',
    '..',
    'a/..',
    '',
    '.',
    './',
    '~/x',
    'images/\u0000',
    '.imagestudio',
    '.imagestudio/images',
    '.git/x',
    'a/.GIT',
  ]) {
    it(`refuses ${JSON.stringify(outputFolder)} and writes nothing`, async () => {
      const store = await workspace();
      const err = await rejectionOf(resolveOutputFolder({ store, workspaceRoot: ROOT, outputFolder }));
      assert.ok(err instanceof ImageStudioError && err.kind === 'invalid-option', String(err));
      assert.deepEqual(store.filePaths(), []);
      assert.equal(
        store.calls.filter((call) => /^(writeFile|createDirectory|renameNoOverwrite)/.test(call)).length,
        0,
        store.calls.join('\n'),
      );
    });
  }

  it('creates the folder and a `*` .gitignore on first use, and returns the absolute path', async () => {
    const store = await workspace();
    const folder = await resolveOutputFolder({ store, workspaceRoot: ROOT, outputFolder: 'assets/./generated/' });
    assert.equal(folder, '/ws/assets/generated');
    assert.equal((await store.stat(folder))?.kind, 'directory');
    assert.equal(text(await store.readFile('/ws/assets/generated/.gitignore')), '*\n');
    assert.deepEqual(store.filePaths(), ['/ws/assets/generated/.gitignore']);
  });

  it('leaves a custom .gitignore and the root .gitignore untouched on every run (F7)', async () => {
    const store = await workspace();
    await store.createDirectory('/ws/ignore');
    const custom = new TextEncoder().encode('# mine\n!keep.png\n');
    const rootIgnore = new TextEncoder().encode('node_modules\n');
    await store.writeFile('/ws/ignore/.gitignore', custom);
    await store.writeFile('/ws/.gitignore', rootIgnore);
    store.calls.length = 0;
    await resolveOutputFolder({ store, workspaceRoot: ROOT, outputFolder: 'ignore' });
    await resolveOutputFolder({ store, workspaceRoot: ROOT, outputFolder: 'ignore' });
    assert.deepEqual(await store.readFile('/ws/ignore/.gitignore'), custom);
    assert.deepEqual(await store.readFile('/ws/.gitignore'), rootIgnore);
    assert.equal(store.calls.filter((call) => call.startsWith('writeFile')).length, 0);
  });

  it('leaves a .gitignore that is a symlink alone', async () => {
    const store = await workspace();
    await store.createDirectory('/ws/ignore');
    await store.addSymlink('/ws/ignore/.gitignore', '/elsewhere/.gitignore');
    await resolveOutputFolder({ store, workspaceRoot: ROOT, outputFolder: 'ignore' });
    assert.equal((await store.stat('/ws/ignore/.gitignore'))?.kind, 'symlink');
    assert.deepEqual(store.filePaths(), []);
  });

  it('refuses a symlinked segment anywhere in the path (F3), in memory', async () => {
    const store = await workspace();
    await store.createDirectory('/outside');
    await store.addSymlink('/ws/assets', '/outside');
    const err = await rejectionOf(resolveOutputFolder({ store, workspaceRoot: ROOT, outputFolder: 'assets/images' }));
    assert.ok(err instanceof ImageStudioError && err.reason.kind === 'symbolic-link', String(err));
    assert.deepEqual(store.filePaths(), []);
    assert.equal((await store.readDirectory('/outside')).length, 0);
  });

  it('refuses a file where the folder should be', async () => {
    const store = await workspace();
    await store.writeFile('/ws/ignore', new Uint8Array([1]));
    const err = await rejectionOf(resolveOutputFolder({ store, workspaceRoot: ROOT, outputFolder: 'ignore' }));
    assert.match(err.message, /not a folder/);
  });

  describe('on a real disk', () => {
    const tempDir = useTempDir();
    const store = createNodeFileStore();

    // Found by the fuzz suite (test/unit/fuzz/paths.test.ts): the file system's ENAMETOOLONG came through as a bare
    // FileStoreError.
    it('refuses a folder name too long for the file system with a clear error, creating nothing', async () => {
      const root = `${tempDir()}/ws`;
      fs.mkdirSync(root);
      const err = await rejectionOf(resolveOutputFolder({ store, workspaceRoot: root, outputFolder: 'x'.repeat(256) }));
      assert.ok(err instanceof ImageStudioError && err.kind === 'invalid-option', String(err));
      assert.match(err.message, /longer than 255 bytes/);
      assert.deepEqual(fs.readdirSync(root), []);
    });

    it('refuses a committed symlink pointing outside and writes nothing there (F3)', async () => {
      const root = `${tempDir()}/ws`;
      const outside = `${tempDir()}/outside`;
      fs.mkdirSync(root);
      fs.mkdirSync(outside);
      fs.symlinkSync(outside, `${root}/ignore`);
      const err = await rejectionOf(resolveOutputFolder({ store, workspaceRoot: root, outputFolder: 'ignore' }));
      assert.ok(
        err instanceof ImageStudioError && err.reason.kind === 'symbolic-link' && err.reason.path === `${root}/ignore`,
        String(err),
      );
      assert.deepEqual(fs.readdirSync(outside), []);
      const nested = await rejectionOf(
        resolveOutputFolder({ store, workspaceRoot: root, outputFolder: 'ignore/deeper' }),
      );
      assert.match(nested.message, /symbolic link/);
      assert.deepEqual(fs.readdirSync(outside), []);
    });

    it('makes the folder git-ignored for real', async function () {
      const root = `${tempDir()}/ws`;
      fs.mkdirSync(root);
      try {
        execFileSync('git', ['init', '-q', root]);
      } catch {
        this.skip();
      }
      const folder = await resolveOutputFolder({ store, workspaceRoot: root, outputFolder: 'ignore' });
      fs.writeFileSync(`${folder}/image.png`, 'x');
      // Exits 0 when ignored; throws otherwise.
      execFileSync('git', ['-C', root, 'check-ignore', '-q', 'ignore/image.png']);
      assert.equal(fs.existsSync(`${root}/.gitignore`), false);
    });
  });
});

describe('resolveWorkspacePath', () => {
  it('refuses escapes and returns contained paths', async () => {
    const store = await workspace();
    assert.equal(
      await resolveWorkspacePath({ store, workspaceRoot: '/ws/', relativePath: 'a/b.png', expect: 'file' }),
      '/ws/a/b.png',
    );
    await assert.rejects(
      resolveWorkspacePath({ store, workspaceRoot: ROOT, relativePath: '../ws2/b.png', expect: 'file' }),
      /not allowed/,
    );
  });
});
