import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileStoreError } from '../../../../src/core/files/fileStore';
import { createNodeFileStore } from '../../../../src/core/files/nodeFileStore';
import { rejectionOf } from '../../support/images';
import { useTempDir } from '../../support/tempDir';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('nodeFileStore', () => {
  const tempDir = useTempDir();
  const store = createNodeFileStore();

  it('writes, reads, lists and deletes files', async () => {
    const folder = path.posix.join(tempDir(), 'a/b');
    await store.createDirectory(folder);
    await store.createDirectory(folder); // again: no error
    await store.writeFile(`${folder}/x.txt`, bytes('hello'));
    assert.equal(new TextDecoder().decode(await store.readFile(`${folder}/x.txt`)), 'hello');
    assert.deepEqual(await store.stat(`${folder}/x.txt`), { kind: 'file', size: 5 });
    assert.equal((await store.stat(folder))?.kind, 'directory');
    assert.deepEqual(await store.readDirectory(folder), [['x.txt', 'file']]);
    await store.delete(`${folder}/x.txt`);
    await store.delete(`${folder}/x.txt`); // already gone: no error
    assert.equal(await store.stat(`${folder}/x.txt`), undefined);
  });

  it('maps a missing file to not-found and stats it as undefined', async () => {
    const err = await rejectionOf(store.readFile(`${tempDir()}/missing.png`));
    assert.ok(err instanceof FileStoreError && err.code === 'not-found', String(err));
    assert.equal(await store.stat(`${tempDir()}/missing/deeper.png`), undefined);
  });

  it('renames without overwriting: the existing target keeps its bytes and the source stays', async () => {
    const dir = tempDir();
    fs.writeFileSync(`${dir}/target.png`, 'ORIGINAL');
    fs.writeFileSync(`${dir}/source.tmp`, 'NEW');
    const err = await rejectionOf(store.renameNoOverwrite(`${dir}/source.tmp`, `${dir}/target.png`));
    assert.ok(err instanceof FileStoreError && err.code === 'exists', String(err));
    assert.equal(fs.readFileSync(`${dir}/target.png`, 'utf8'), 'ORIGINAL');
    assert.equal(fs.readFileSync(`${dir}/source.tmp`, 'utf8'), 'NEW');
  });

  it('renames to a free name and removes the source', async () => {
    const dir = tempDir();
    fs.writeFileSync(`${dir}/source.tmp`, 'NEW');
    await store.renameNoOverwrite(`${dir}/source.tmp`, `${dir}/final.png`);
    assert.equal(fs.readFileSync(`${dir}/final.png`, 'utf8'), 'NEW');
    assert.equal(fs.existsSync(`${dir}/source.tmp`), false);
  });

  it('reports a symlink as a symlink (lstat), in stat and readDirectory', async () => {
    const dir = tempDir();
    fs.mkdirSync(`${dir}/real`);
    fs.symlinkSync(`${dir}/real`, `${dir}/link`);
    assert.equal((await store.stat(`${dir}/link`))?.kind, 'symlink');
    assert.deepEqual(
      await store.readDirectory(dir),
      [
        ['link', 'symlink'],
        ['real', 'directory'],
      ].sort(([a = ''], [b = '']) => a.localeCompare(b)),
    );
  });

  it('maps a write into a read-only folder to no-permission', async function () {
    // root ignores permission bits, so the mapping can only be observed as another user.
    if (process.getuid?.() === 0) this.skip();
    const dir = tempDir();
    fs.chmodSync(dir, 0o500);
    const err = await rejectionOf(store.writeFile(`${dir}/x.png`, bytes('x')));
    assert.ok(err instanceof FileStoreError && err.code === 'no-permission', String(err));
  });

  it('refuses relative paths', async () => {
    const err = await rejectionOf(store.readFile('relative/x.png'));
    assert.ok(err instanceof FileStoreError && err.code === 'other', String(err));
  });
});
