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

  describe('in-place writes', () => {
    const inPlace = (): NonNullable<typeof store.inPlace> => {
      assert.ok(store.inPlace, 'the local disk store writes in place');
      return store.inPlace;
    };
    const change = (identity: string, tail: string, replaceLast: number, replacement: string) => ({
      identity,
      expectedTail: bytes(tail),
      replaceLast,
      replacement: bytes(replacement),
    });

    it('replaces the last bytes of the file it identified, and answers its new identity', async () => {
      const file = `${tempDir()}/m.json`;
      fs.writeFileSync(file, '[1, 2]\n');
      const identity = await inPlace().identify(file);
      assert.ok(identity !== undefined);
      const next = await inPlace().replaceTail(file, change(identity, '2]\n', 2, ', 3]\n'));
      assert.equal(fs.readFileSync(file, 'utf8'), '[1, 2, 3]\n');
      assert.ok(next !== undefined && next !== identity);
      assert.equal(next, await inPlace().identify(file));
      // Shorter than what it replaces: the file is cut to its new end.
      await inPlace().replaceTail(file, change(next, ', 3]\n', 5, ']\n'));
      assert.equal(fs.readFileSync(file, 'utf8'), '[1, 2]\n');
    });

    it('writes nothing to a file changed since, replaced, ending otherwise, or a symlink', async () => {
      const dir = tempDir();
      const file = `${dir}/m.json`;
      fs.writeFileSync(file, '[1, 2]\n');
      const identity = (await inPlace().identify(file)) ?? '';
      assert.equal(await inPlace().replaceTail(file, change(identity, '9]\n', 2, ', 3]\n')), undefined, 'its end');
      assert.equal(await inPlace().replaceTail(file, change(identity, '[1, 2]\n!', 2, '')), undefined, 'too long');
      fs.appendFileSync(file, ' ');
      assert.equal(await inPlace().replaceTail(file, change(identity, '2]\n ', 2, '')), undefined, 'grown');
      // Rewritten whole with the same bytes, as another process's atomic rewrite does: another inode.
      const same = (await inPlace().identify(file)) ?? '';
      fs.writeFileSync(`${dir}/new.json`, fs.readFileSync(file));
      fs.renameSync(`${dir}/new.json`, file);
      assert.equal(await inPlace().replaceTail(file, change(same, '2]\n ', 2, '')), undefined, 'replaced');
      assert.equal(fs.readFileSync(file, 'utf8'), '[1, 2]\n ');

      const current = (await inPlace().identify(file)) ?? '';
      fs.renameSync(file, `${dir}/real.json`);
      fs.symlinkSync(`${dir}/real.json`, file);
      assert.equal(await inPlace().identify(file), undefined, 'a symlink is not identified');
      assert.equal(await inPlace().replaceTail(file, change(current, '2]\n ', 2, 'X')), undefined, 'symlink');
      assert.equal(fs.readFileSync(`${dir}/real.json`, 'utf8'), '[1, 2]\n ');
      assert.equal(await inPlace().replaceTail(`${dir}/gone.json`, change(current, ' ', 1, 'X')), undefined);
      assert.equal(await inPlace().identify(`${dir}/gone.json`), undefined);
    });
  });

  it('refuses relative paths', async () => {
    const err = await rejectionOf(store.readFile('relative/x.png'));
    assert.ok(err instanceof FileStoreError && err.code === 'other', String(err));
  });
});
