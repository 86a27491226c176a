import { strict as assert } from 'node:assert';
import { readBoundedJson } from '../../../../src/core/files/boundedRead';
import { ImageStudioError } from '../../../../src/core/errors';
import { MemoryFileStore } from '../../../support/memoryFileStore';

describe('readBoundedJson', () => {
  const read = (store: MemoryFileStore, maxBytes = 1000) =>
    readBoundedJson({ store, path: '/ws/file.json', maxBytes, what: 'The file', advice: 'Move it.' });
  const storeWith = async (bytes: Uint8Array): Promise<MemoryFileStore> => {
    const store = new MemoryFileStore();
    await store.createDirectory('/ws');
    await store.writeFile('/ws/file.json', bytes);
    return store;
  };

  it('is undefined for a file that does not exist', async () => {
    const store = new MemoryFileStore();
    await store.createDirectory('/ws');
    assert.equal(await read(store), undefined);
  });

  it('parses UTF-8 JSON and says, in the parser words, why other content is not JSON', async () => {
    const json = await read(await storeWith(new TextEncoder().encode('{"prompt":"café"}')));
    assert.deepEqual(json, { kind: 'json', value: { prompt: 'café' }, byteLength: 18 });
    const broken = await read(await storeWith(new TextEncoder().encode('{"prompt":')));
    assert.equal(broken?.kind, 'not-json');
    // A byte that is not UTF-8 is refused rather than read as a replacement character.
    const latin1 = await read(await storeWith(Uint8Array.from([0x22, 0xe9, 0x22])));
    assert.equal(latin1?.kind, 'not-json');
  });

  it('refuses a file over the cap unread, naming it and what to do', async () => {
    await assert.rejects(
      read(await storeWith(new TextEncoder().encode(`"${'x'.repeat(2000)}"`))),
      (err: unknown) =>
        err instanceof ImageStudioError && /The file \/ws\/file\.json is .* Move it\./.test(err.message),
    );
  });
});
