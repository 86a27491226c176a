import { strict as assert } from 'node:assert';
import { FileStoreError } from '../../../src/core/files/fileStore';
import { MemoryFileStore } from '../../support/memoryFileStore';
import { rejectionOf } from './images';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('MemoryFileStore', () => {
  it('needs the parent folder to exist, like a disk', async () => {
    const store = new MemoryFileStore();
    const err = await rejectionOf(store.writeFile('/ws/x.txt', bytes('x')));
    assert.ok(err instanceof FileStoreError && err.code === 'not-found');
    await store.createDirectory('/ws');
    await store.writeFile('/ws/x.txt', bytes('x'));
    assert.deepEqual(store.filePaths(), ['/ws/x.txt']);
  });

  it('renames without overwriting', async () => {
    const store = new MemoryFileStore();
    await store.createDirectory('/ws');
    await store.writeFile('/ws/a', bytes('A'));
    await store.writeFile('/ws/b', bytes('B'));
    const err = await rejectionOf(store.renameNoOverwrite('/ws/a', '/ws/b'));
    assert.ok(err instanceof FileStoreError && err.code === 'exists');
    assert.equal(new TextDecoder().decode(await store.readFile('/ws/b')), 'B');
  });

  it('reports symlinks without following them, and follows them in parent folders', async () => {
    const store = new MemoryFileStore();
    await store.createDirectory('/outside');
    await store.addSymlink('/ws/images', '/outside');
    assert.equal((await store.stat('/ws/images'))?.kind, 'symlink');
    await store.writeFile('/ws/images/x.png', bytes('x'));
    assert.deepEqual(store.filePaths(), ['/outside/x.png']);
  });

  it('fails injected operations under a folder only', async () => {
    const store = new MemoryFileStore();
    await store.createDirectory('/ws/ro');
    store.injectFailure({ operation: 'writeFile', under: '/ws/ro', code: 'no-permission' });
    const err = await rejectionOf(store.writeFile('/ws/ro/x', bytes('x')));
    assert.ok(err instanceof FileStoreError && err.code === 'no-permission');
    await store.writeFile('/ws/rw', bytes('x'));
    assert.deepEqual(store.filePaths(), ['/ws/rw']);
  });
});
