import { strict as assert } from 'node:assert';
import { posix } from 'node:path';
import * as fc from 'fast-check';
import { imageFileName, isImageStudioFileName } from '../../../src/core/files/fileName';
import type { OutputFormat } from '../../../src/facts/imageOptions';
import { MemoryFileStore } from '../../support/memoryFileStore';
import { ImageSaveError, isSavableFileName, saveImage } from '../../../src/core/files/saveImage';
import { solidImage } from '../support/images';
import { hostileText, printable } from './arbitraries';
import { checkProperty } from './checkProperty';

const FOLDER = '/ws/ignore';
const RECOVERY = '/global/recovered';
const EXTENSION: Readonly<Record<OutputFormat, string>> = { png: 'png', jpeg: 'jpg', webp: 'webp' };
// F1: `<yyyymmdd-hhmmss>-<slug>-<4 hex>.<ext>`, the slug words of [a-z0-9] joined by single dashes.
const F1_NAME = /^(\d{8})-(\d{6})-([a-z0-9]+(?:-[a-z0-9]+)*)-[0-9a-f]{4}\.(png|jpg|webp)$/;

const format = fc.constantFrom<OutputFormat>('png', 'jpeg', 'webp');
// Years 1000-9999: the range a four-digit timestamp can hold.
const when = fc.date({ min: new Date(1000, 0, 1), max: new Date(9999, 11, 31, 23, 59, 59), noInvalidDate: true });
// Whatever the injected random source returns (hex or not) must not leak into the name.
const suffix = fc.oneof(fc.stringMatching(/^[0-9a-f]{4}$/), fc.string({ unit: 'binary', maxLength: 8 }));

function localStamp(date: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const day = `${pad(date.getFullYear(), 4)}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
  return `${day}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

describe('fuzz: prompts through file names (F1)', function () {
  this.timeout(120_000);
  let bytes: Record<OutputFormat, Uint8Array>;
  before(async () => {
    bytes = { png: await solidImage('png'), jpeg: await solidImage('jpeg'), webp: await solidImage('webp') };
  });

  it('imageFileName gives one F1-shaped path component for any prompt, date and random source', async () => {
    await checkProperty(
      'imageFileName F1 shape',
      fc.property(hostileText(), format, when, suffix, (prompt, outputFormat, date, random) => {
        const name = imageFileName(prompt, outputFormat, date, () => random);
        const match = F1_NAME.exec(name);
        assert.ok(match, `not F1-shaped: ${JSON.stringify(name)}`);
        assert.equal(`${match[1]}-${match[2]}`, localStamp(date));
        assert.ok((match[3] ?? '').length <= 40, `slug over 40 characters: ${match[3]}`);
        assert.equal(match[4], EXTENSION[outputFormat]);
        assert.equal(posix.basename(name), name);
        assert.ok(isSavableFileName(name, outputFormat), `saveImage would refuse ${name}`);
        assert.ok(isImageStudioFileName(name), `the history's Delete would refuse ${name}`);
      }),
    );
  });

  it('saveImage writes a generated name only inside the output folder, never beside or above it', async () => {
    await checkProperty(
      'saveImage of a prompt-named image',
      fc.asyncProperty(hostileText(), format, when, async (prompt, outputFormat, date) => {
        const store = new MemoryFileStore();
        await store.createDirectory(FOLDER);
        const fileName = imageFileName(prompt, outputFormat, date);
        const saved = await saveImage({
          store,
          folder: FOLDER,
          fileName,
          bytes: bytes[outputFormat],
          expect: { format: outputFormat },
          recoveryFolder: RECOVERY,
          now: date,
        });
        assert.equal(posix.dirname(saved.path), FOLDER);
        assert.equal(saved.path, posix.join(FOLDER, saved.fileName));
        assert.deepEqual(store.filePaths(), [saved.path]);
      }),
    );
  });

  it('saveImage, whatever the file name, writes in the output or the recovery folder, nowhere else', async () => {
    const fileName = fc.oneof(
      hostileText(),
      hostileText().map((text) => `${text}.png`),
      fc.constantFrom('../x.png', '/etc/x.png', 'a/b.png', '.png', 'x.png\u0000.png'),
    );
    await checkProperty(
      'saveImage of an arbitrary name',
      fc.asyncProperty(fileName, format, async (name, outputFormat) => {
        const store = new MemoryFileStore();
        await store.createDirectory(FOLDER);
        const outcome = await saveImage({
          store,
          folder: FOLDER,
          fileName: name,
          bytes: bytes[outputFormat],
          expect: { format: outputFormat },
          recoveryFolder: RECOVERY,
          now: new Date(2026, 10, 30, 9, 5, 7),
        }).then(
          (saved) => ({ saved }),
          (err: unknown) => ({ err }),
        );
        for (const path of store.filePaths()) {
          assert.ok(
            posix.dirname(path) === FOLDER || posix.dirname(path) === RECOVERY,
            `${printable(name)} was written outside the output folder: ${printable(path)}`,
          );
        }
        if ('saved' in outcome) {
          assert.equal(posix.dirname(outcome.saved.path), FOLDER);
          assert.ok(
            isSavableFileName(outcome.saved.fileName, outputFormat),
            `saved under a name that is not F1-shaped: ${printable(outcome.saved.fileName)}`,
          );
        } else {
          assert.ok(outcome.err instanceof ImageSaveError, `not an ImageSaveError: ${String(outcome.err)}`);
          assert.ok(
            outcome.err.recoveredPath !== undefined && posix.dirname(outcome.err.recoveredPath) === RECOVERY,
            `bytes not kept: ${outcome.err.message}`,
          );
        }
      }),
    );
  });
});
