import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { ImageStudioError } from '../../../../src/core/errors';
import { MemoryFileStore } from '../../../support/memoryFileStore';
import { createNodeFileStore } from '../../../../src/core/files/nodeFileStore';
import { ImageSaveError, saveImage, type SaveImageOptions } from '../../../../src/core/files/saveImage';
import { rejectionOf, solidImage } from '../../support/images';
import { useTempDir } from '../../support/tempDir';

const FOLDER = '/ws/ignore';
const RECOVERY = '/global/recovered';
const NAME = '20261130-090507-a-red-fox-beef.png';
const NOW = new Date(2026, 10, 30, 9, 5, 7);

function suffixes(...values: string[]): () => string {
  return () => values.shift() ?? 'ffff';
}

async function setup(): Promise<{ store: MemoryFileStore; png: Uint8Array; options: SaveImageOptions }> {
  const store = new MemoryFileStore();
  await store.createDirectory(FOLDER);
  const png = await solidImage('png', { width: 8, height: 6 });
  return {
    store,
    png,
    options: {
      store,
      folder: FOLDER,
      fileName: NAME,
      bytes: png,
      expect: { format: 'png', width: 8, height: 6 },
      recoveryFolder: RECOVERY,
      now: NOW,
      randomSuffix: suffixes('cafe'),
    },
  };
}

describe('saveImage', () => {
  it('saves checked bytes under the given name and leaves no temporary file', async () => {
    const { store, png, options } = await setup();
    const saved = await saveImage(options);
    assert.deepEqual(saved, {
      path: `${FOLDER}/${NAME}`,
      fileName: NAME,
      info: { format: 'png', width: 8, height: 6, hasAlpha: true },
      warnings: [],
    });
    assert.deepEqual(store.filePaths(), [`${FOLDER}/${NAME}`]);
    assert.deepEqual(await store.readFile(saved.path), png);
    assert.ok(
      store.calls.some((call) =>
        /^writeFile \/ws\/ignore\/20261130-090507-a-red-fox-beef\.png\.[0-9a-f]{8}\.tmp$/.test(call),
      ),
      store.calls.join('\n'),
    );
  });

  it('never overwrites: a taken name gets a new suffix and the old file keeps its bytes (F4)', async () => {
    const { store, options } = await setup();
    const original = new TextEncoder().encode('ORIGINAL BYTES');
    await store.writeFile(`${FOLDER}/${NAME}`, original);
    const saved = await saveImage(options);
    assert.equal(saved.fileName, '20261130-090507-a-red-fox-cafe.png');
    assert.deepEqual(await store.readFile(`${FOLDER}/${NAME}`), original);
    assert.deepEqual(store.filePaths(), [
      `${FOLDER}/20261130-090507-a-red-fox-beef.png`,
      `${FOLDER}/20261130-090507-a-red-fox-cafe.png`,
    ]);
  });

  it('leaves no temporary file when the rename throws, and keeps the bytes in the recovery folder', async () => {
    const { store, png, options } = await setup();
    store.injectFailure({ operation: 'renameNoOverwrite', under: FOLDER, code: 'other' });
    const err = await rejectionOf(saveImage(options));
    assert.ok(err instanceof ImageSaveError && err.kind === 'save-failed', String(err));
    assert.deepEqual(await store.readDirectory(FOLDER), []);
    assert.equal(err.recoveredPath, `${RECOVERY}/${NAME}`);
    assert.deepEqual(await store.readFile(`${RECOVERY}/${NAME}`), png);
  });

  it('read-only folder: the error names where the paid-for bytes were kept (F5)', async () => {
    const { store, png, options } = await setup();
    store.injectFailure({ operation: 'writeFile', under: FOLDER, code: 'no-permission' });
    const err = await rejectionOf(saveImage(options));
    assert.ok(err instanceof ImageSaveError && err.kind === 'save-failed', String(err));
    assert.match(err.message, /could not be saved in \/ws\/ignore \(no permission to write/);
    assert.ok(err.message.includes(`kept at ${RECOVERY}/${NAME}`), err.message);
    assert.deepEqual(err.bytes, png);
    assert.deepEqual(await store.readFile(`${RECOVERY}/${NAME}`), png);
  });

  it('says the image is only in memory when the recovery folder fails too', async () => {
    const { store, png, options } = await setup();
    store.injectFailure({ operation: 'writeFile', under: '/', code: 'no-permission' });
    const err = await rejectionOf(saveImage(options));
    assert.ok(err instanceof ImageSaveError && err.recoveredPath === undefined, String(err));
    assert.match(err.message, /the image is only in memory\.$/);
    assert.deepEqual(err.bytes, png);
  });

  it('rejects bytes of another format but keeps them (F8)', async () => {
    const { store, png, options } = await setup();
    const err = await rejectionOf(
      saveImage({ ...options, fileName: '20261130-090507-fox-beef.jpg', expect: { format: 'jpeg' } }),
    );
    assert.ok(err instanceof ImageStudioError && err.kind === 'invalid-image', String(err));
    assert.match(
      err.message,
      /JPEG was requested but the bytes are PNG.*kept at \/global\/recovered\/20261130-090507-fox-beef\.jpg/,
    );
    assert.deepEqual(await store.readDirectory(FOLDER), []);
    assert.deepEqual(await store.readFile(`${RECOVERY}/20261130-090507-fox-beef.jpg`), png);
  });

  it('rejects truncated bytes but keeps them', async () => {
    const { store, png, options } = await setup();
    const truncated = png.slice(0, png.length - 20);
    const err = await rejectionOf(saveImage({ ...options, bytes: truncated }));
    assert.ok(err instanceof ImageSaveError && err.kind === 'invalid-image', String(err));
    assert.match(err.message, /truncated/);
    assert.deepEqual(await store.readFile(`${RECOVERY}/${NAME}`), truncated);
    assert.deepEqual(await store.readDirectory(FOLDER), []);
  });

  it('rejects bytes that are no image at all, and wrong dimensions', async () => {
    const { options } = await setup();
    const garbage = await rejectionOf(saveImage({ ...options, bytes: new TextEncoder().encode('<html>error</html>') }));
    assert.ok(garbage instanceof ImageStudioError && garbage.kind === 'invalid-image');
    const wrongSize = await rejectionOf(
      saveImage({ ...options, expect: { format: 'png', width: 1024, height: 1024 } }),
    );
    assert.match(wrongSize.message, /1024x1024 was requested but the image is 8x6/);
  });

  it('refuses a file name that is not one generated path component, and still keeps the bytes', async () => {
    const { store, options } = await setup();
    const err = await rejectionOf(saveImage({ ...options, fileName: '../escape.png' }));
    assert.ok(err instanceof ImageSaveError && err.kind === 'save-failed', String(err));
    assert.match(err.recoveredPath ?? '', /^\/global\/recovered\/20261130-090507-recovered-image-[0-9a-f]{4}\.png$/);
    assert.deepEqual(
      store.filePaths().filter((p) => !p.startsWith(RECOVERY)),
      [],
    );
  });

  describe('transparency', () => {
    it('warns, but saves, when transparency was asked and the PNG is opaque', async () => {
      const { options } = await setup();
      const saved = await saveImage({ ...options, expect: { format: 'png', transparent: true } });
      assert.deepEqual(saved.warnings, [
        'A transparent background was requested, but the image has no transparent pixels.',
      ]);
    });

    it('does not warn for a PNG with transparent pixels or a WebP with alpha', async () => {
      const { options } = await setup();
      const png = await solidImage('png', { alpha: 0 });
      assert.deepEqual(
        (await saveImage({ ...options, bytes: png, expect: { format: 'png', transparent: true } })).warnings,
        [],
      );
      const webp = await solidImage('webp', { alpha: 0.5 });
      assert.deepEqual(
        (
          await saveImage({
            ...options,
            fileName: 'x-beef.webp',
            bytes: webp,
            expect: { format: 'webp', transparent: true },
          })
        ).warnings,
        [],
      );
    });

    it('warns for an opaque WebP', async () => {
      const { options } = await setup();
      const webp = await solidImage('webp', { alpha: 1 });
      const saved = await saveImage({
        ...options,
        fileName: 'x-beef.webp',
        bytes: webp,
        expect: { format: 'webp', transparent: true },
      });
      assert.equal(saved.warnings.length, 1);
    });
  });

  describe('on a real disk', () => {
    const tempDir = useTempDir();
    const store = createNodeFileStore();

    it('keeps a pre-existing file intact and leaves only the two images', async () => {
      const folder = `${tempDir()}/ignore`;
      fs.mkdirSync(folder);
      fs.writeFileSync(`${folder}/${NAME}`, 'ORIGINAL');
      const png = await solidImage('png');
      const saved = await saveImage({
        store,
        folder,
        fileName: NAME,
        bytes: png,
        expect: { format: 'png' },
        recoveryFolder: `${tempDir()}/recovery`,
        now: NOW,
        randomSuffix: suffixes('cafe'),
      });
      assert.equal(fs.readFileSync(`${folder}/${NAME}`, 'utf8'), 'ORIGINAL');
      assert.deepEqual(new Uint8Array(fs.readFileSync(saved.path)), png);
      assert.deepEqual(fs.readdirSync(folder).sort(), [NAME, saved.fileName].sort());
    });

    it('a read-only folder sends the bytes to the recovery folder', async function () {
      if (process.getuid?.() === 0) this.skip();
      const folder = `${tempDir()}/ignore`;
      fs.mkdirSync(folder, { mode: 0o500 });
      const png = await solidImage('png');
      const err = await rejectionOf(
        saveImage({
          store,
          folder,
          fileName: NAME,
          bytes: png,
          expect: { format: 'png' },
          recoveryFolder: `${tempDir()}/recovery`,
          now: NOW,
        }),
      );
      assert.ok(err.message.includes(`${tempDir()}/recovery/${NAME}`), err.message);
      assert.deepEqual(new Uint8Array(fs.readFileSync(`${tempDir()}/recovery/${NAME}`)), png);
    });
  });
});
