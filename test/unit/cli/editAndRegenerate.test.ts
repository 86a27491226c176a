import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunningEmulator } from '../../emulator';
import { halfMask, png } from '../emulator/support';
import { cliSuite, type Sandbox } from './support';

describe('cli: edit and regenerate-missing (child process against the emulator)', function () {
  this.timeout(60_000);
  const suite = cliSuite();
  const { cli } = suite;
  let emu: RunningEmulator;
  let box: Sandbox;
  beforeEach(() => {
    emu = suite.emu();
    box = suite.box();
  });

  it('edits a workspace image with a mask, uploading both, and records the inputs in the manifest', async () => {
    writeFileSync(path.join(box.cwd, 'photo.png'), await png(256, 256));
    writeFileSync(path.join(box.cwd, 'mask.png'), await halfMask(256, 256));
    const run = await cli('edit', 'photo.png', '--mask', 'mask.png', '--prompt', 'add a moon', '--quality', 'low');
    assert.equal(run.code, 0, run.stderr);
    const [saved] = run.stdout.split('\n');
    assert.match(saved ?? '', /^ignore\/\d{8}-\d{6}-add-a-moon-[0-9a-f]{4}\.png$/);
    assert.deepEqual(
      emu.requests[0]?.files.map((f) => [f.field, f.type]),
      [
        ['image', 'image/png'],
        ['mask', 'image/png'],
      ],
    );
    const manifest = JSON.parse(readFileSync(path.join(box.cwd, '.imagestudio', 'manifest.json'), 'utf8')) as {
      images: { kind: string; inputFiles: string[]; maskFile: string }[];
    };
    assert.deepEqual(
      [manifest.images[0]?.kind, manifest.images[0]?.inputFiles, manifest.images[0]?.maskFile],
      ['edit', ['photo.png'], 'mask.png'],
    );
  });

  it('refuses, sending nothing, an edit with no prompt or --moderation (exit 2) or outside the workspace', async () => {
    writeFileSync(path.join(box.cwd, 'photo.png'), await png(64, 64));
    const noPrompt = await cli('edit', 'photo.png');
    assert.equal(noPrompt.code, 2);
    assert.match(noPrompt.stderr, /--prompt/);
    assert.equal((await cli('edit', 'photo.png', '--prompt', 'x', '--moderation', 'low')).code, 2);
    const outside = await cli('edit', '../elsewhere.png', '--prompt', 'x');
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /is not inside the workspace/);
    assert.equal(emu.requests.length, 0);
  });

  it('regenerates a missing image at its recorded path, only with --yes when not on a terminal', async () => {
    const first = await cli('generate', 'a lost lantern', '--quality', 'low', '--size', '1024x1024');
    assert.equal(first.code, 0, first.stderr);
    const file = first.stdout.split('\n')[0] ?? '';
    rmSync(path.join(box.cwd, file));

    const refused = await cli('regenerate-missing');
    assert.equal(refused.code, 2);
    assert.match(refused.stdout, new RegExp(`1 missing image, estimated \\$0\\.\\d{3}:\\n  ${file}`));
    assert.match(refused.stderr, /Not a terminal.*--yes/);
    assert.equal(existsSync(path.join(box.cwd, file)), false);
    assert.equal(emu.requests.length, 1);

    const run = await cli('regenerate-missing', '--yes');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`\\n${file}\\n$`));
    assert.equal(existsSync(path.join(box.cwd, file)), true);
    assert.equal(emu.requests.length, 2);
    assert.equal((await cli('regenerate-missing', '--yes')).stdout, 'No images are missing.\n');
  });

  it('regenerate-missing lists the folders it writes to and skips, with the reason, entries elsewhere', async () => {
    const first = await cli('generate', 'a lost lighthouse', '--quality', 'low', '--size', '1024x1024');
    assert.equal(first.code, 0, first.stderr);
    const file = first.stdout.split('\n')[0] ?? '';
    rmSync(path.join(box.cwd, file));
    // As a repository could commit it: an entry pointing into the person's own docs folder.
    const manifestFile = path.join(box.cwd, '.imagestudio', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { images: { id: string; file: string }[] };
    manifest.images.push({
      ...manifest.images[0]!,
      id: 'planted',
      file: 'docs/20261130-100000-a-planted-gull-beef.png',
    });
    writeFileSync(manifestFile, JSON.stringify(manifest));
    mkdirSync(path.join(box.cwd, 'docs'));
    writeFileSync(path.join(box.cwd, 'docs', 'notes.md'), 'mine\n');

    const run = await cli('regenerate-missing', '--yes');
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `^1 missing image, estimated \\$0\\.\\d{3}:\\n  ${file}\\nWrites to:\\n  ignore \\(the output folder\\)\\n`,
      ),
    );
    assert.match(
      run.stderr,
      new RegExp(
        /^cannot regenerate docs\/20261130-100000-a-planted-gull-beef\.png: /.source +
          /docs already exists and is not the output folder "ignore"/.source,
      ),
    );
    assert.deepEqual(readdirSync(path.join(box.cwd, 'docs')), ['notes.md'], 'nothing written there, no .gitignore');
    assert.equal(existsSync(path.join(box.cwd, file)), true);

    // With another output folder, the existing ignore folder is not written to either.
    rmSync(path.join(box.cwd, file));
    const elsewhere = await cli('regenerate-missing', '--yes', '--output-folder', 'assets');
    assert.equal(elsewhere.code, 1);
    assert.match(
      elsewhere.stderr,
      /cannot regenerate ignore\/.*: ignore already exists and is not the output folder "assets"/,
    );
    assert.equal(emu.requests.length, 2);
  });
});
