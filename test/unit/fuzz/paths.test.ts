import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { ImageStudioError } from '../../../src/core/errors';
import { imageFileName, isSafeRelativeFolder } from '../../../src/core/files/fileName';
import { createNodeFileStore } from '../../../src/core/files/nodeFileStore';
import { resolveOutputFolder, resolveWorkspacePath } from '../../../src/core/files/outputFolder';
import { saveImage } from '../../../src/core/files/saveImage';
import { solidImage } from '../support/images';
import { hostilePath, printable } from './arbitraries';
import { checkProperty } from './checkProperty';

/**
 * Every entry under `folder` (not following symlinks) with its kind and size: what "nothing changed out there"
 * compares.
 */
function listing(folder: string): string[] {
  const entries: string[] = [];
  const walk = (current: string): void => {
    for (const name of fs.readdirSync(current).sort()) {
      const full = path.join(current, name);
      const stat = fs.lstatSync(full);
      const kind = stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : 'file';
      entries.push(`${path.relative(folder, full)} ${kind} ${stat.isFile() ? stat.size : ''}`);
      if (stat.isDirectory() && !stat.isSymbolicLink()) walk(full);
    }
  };
  walk(folder);
  return entries;
}

/** The resolved path is inside the workspace, normalised, and no existing segment of it is a symlink. */
function assertContained(workspace: string, target: string, input: string): void {
  assert.ok(target.startsWith(`${workspace}/`), `outside the workspace: ${printable(input)} -> ${printable(target)}`);
  assert.equal(path.posix.normalize(target), target, `not normalised: ${printable(target)}`);
  let current = workspace;
  for (const name of target.slice(workspace.length + 1).split('/')) {
    current = path.join(current, name);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      break;
    }
    assert.ok(!stat.isSymbolicLink(), `${printable(input)} goes through the symlink ${current}`);
  }
}

function assertImageStudioError(err: unknown, input: string): void {
  assert.ok(
    err instanceof ImageStudioError,
    `${printable(input)} threw something else: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
  );
}

// The names in the test workspace below: folders, a file, symlinks out of it and inside it, a symlink loop.
const TREE_NAMES = ['a', 'b', 'f.txt', 'out', 'rel', 'up', 'loop', 'dirlink', 'filelink'];

describe('fuzz: output-folder settings and manifest paths (F2, F3)', function () {
  this.timeout(120_000);
  let root = '';
  let workspace = '';
  let png: Uint8Array;
  before(async () => {
    // realpath: on macOS the temp folder is itself under a symlink, which the F3 check would refuse.
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'imagestudio-fuzz-paths-')));
    workspace = path.join(root, 'ws');
    const outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(outside, 'deep'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'not yours');
    fs.mkdirSync(path.join(workspace, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'f.txt'), 'a file');
    // Links out of the workspace (absolute and relative), a loop, and links that stay inside: all are refused.
    fs.symlinkSync(outside, path.join(workspace, 'out'));
    fs.symlinkSync('../outside', path.join(workspace, 'rel'));
    fs.symlinkSync(path.join(outside, 'deep'), path.join(workspace, 'a', 'up'));
    fs.symlinkSync('loop', path.join(workspace, 'loop'));
    fs.symlinkSync('a', path.join(workspace, 'dirlink'));
    fs.symlinkSync('f.txt', path.join(workspace, 'filelink'));
    png = await solidImage('png');
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('isSafeRelativeFolder returns a normalised relative path that stays under the root, or throws', async () => {
    await checkProperty(
      'isSafeRelativeFolder',
      fc.property(hostilePath('/tmp/x', TREE_NAMES), (input) => {
        let relative: string;
        try {
          relative = isSafeRelativeFolder(input);
        } catch (err) {
          assertImageStudioError(err, input);
          return;
        }
        if (relative === '.') return;
        assert.equal(path.posix.normalize(relative), relative, printable(relative));
        assert.ok(
          !relative.startsWith('/') && !relative.split('/').includes('..'),
          `escapes: ${printable(input)} -> ${printable(relative)}`,
        );
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(relative, /[\\%:\u0000-\u001f]/, printable(relative));
        assert.ok(path.posix.join('/root', relative).startsWith('/root/'), printable(relative));
      }),
    );
  });

  it('resolveWorkspacePath returns a path strictly inside the workspace, no symlinked segment, or throws', async () => {
    const store = createNodeFileStore();
    const input = fc.tuple(hostilePath(root, TREE_NAMES), fc.constantFrom<'file' | 'directory'>('file', 'directory'));
    await checkProperty(
      'resolveWorkspacePath on a real folder',
      fc.asyncProperty(input, async ([relativePath, expect]) => {
        let target: string;
        try {
          target = await resolveWorkspacePath({ store, workspaceRoot: workspace, relativePath, expect });
        } catch (err) {
          assertImageStudioError(err, relativePath);
          return;
        }
        assertContained(workspace, target, relativePath);
      }),
    );
  });

  it('resolveOutputFolder and a save through it write nothing outside the workspace', async () => {
    const store = createNodeFileStore();
    await checkProperty(
      'resolveOutputFolder then saveImage',
      fc.asyncProperty(hostilePath(root, TREE_NAMES), async (outputFolder) => {
        // Taken per case, so that a shrunk counterexample is the case that wrote, not one after it.
        const before = { outside: listing(path.join(root, 'outside')), root: fs.readdirSync(root).sort() };
        let folder: string;
        try {
          folder = await resolveOutputFolder({ store, workspaceRoot: workspace, outputFolder });
        } catch (err) {
          assertImageStudioError(err, outputFolder);
          return;
        }
        assertContained(workspace, folder, outputFolder);
        const saved = await saveImage({
          store,
          folder,
          fileName: imageFileName('a fox', 'png', new Date()),
          bytes: png,
          expect: { format: 'png' },
          recoveryFolder: path.join(root, 'recovered'),
          now: new Date(),
        });
        assert.equal(path.dirname(saved.path), folder);
        assert.ok(fs.realpathSync(saved.path).startsWith(`${workspace}/`), `saved outside: ${saved.path}`);
        assert.deepEqual(
          listing(path.join(root, 'outside')),
          before.outside,
          `something was written outside the workspace for ${printable(outputFolder)}`,
        );
        assert.deepEqual(
          fs.readdirSync(root).sort(),
          before.root,
          `something appeared beside the workspace for ${printable(outputFolder)}`,
        );
      }),
    );
  });
});
