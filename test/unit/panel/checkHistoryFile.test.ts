import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeFileStore } from '../../../src/core/files/nodeFileStore';
import { checkHistoryFile } from '../../../src/panel/checkHistoryFile';
import { useTempDir } from '../support/tempDir';

describe('panel: checking a manifest path like the engine', () => {
  const dir = useTempDir();
  const store = createNodeFileStore();
  let outside = '';
  const workspace = () => path.join(dir(), 'workspace');
  const check = (file: string) => checkHistoryFile({ store, workspaceRoot: workspace(), file });

  beforeEach(() => {
    fs.mkdirSync(path.join(workspace(), 'ignore'), { recursive: true });
    fs.writeFileSync(path.join(workspace(), 'ignore', 'boat.png'), 'png');
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'imagestudio-outside-')));
    fs.writeFileSync(path.join(outside, 'secret.png'), 'not yours');
  });
  afterEach(() => fs.rmSync(outside, { recursive: true, force: true }));

  it('finds a file inside the workspace, and a missing one as missing (regenerable)', async () => {
    assert.deepEqual(await check('ignore/boat.png'), { kind: 'available', path: `${workspace()}/ignore/boat.png` });
    assert.deepEqual(await check('ignore/gone.png'), { kind: 'missing', path: `${workspace()}/ignore/gone.png` });
    assert.deepEqual(await check('not-made-yet/a.png'), { kind: 'missing', path: `${workspace()}/not-made-yet/a.png` });
  });

  it('refuses a path through a symlinked folder that points outside the workspace', async () => {
    fs.symlinkSync(outside, path.join(workspace(), 'linked'));
    const found = await check('linked/secret.png');
    assert.equal(found.kind, 'unavailable');
    assert.match(found.kind === 'unavailable' ? found.reason : '', /symbolic link/);
  });

  it('refuses a symlinked file and a deeper symlinked segment', async () => {
    fs.symlinkSync(path.join(outside, 'secret.png'), path.join(workspace(), 'ignore', 'alias.png'));
    fs.mkdirSync(path.join(workspace(), 'deep'));
    fs.symlinkSync(outside, path.join(workspace(), 'deep', 'er'));
    for (const file of ['ignore/alias.png', 'deep/er/secret.png'])
      assert.equal((await check(file)).kind, 'unavailable', file);
  });

  it('refuses a folder, and paths that leave the workspace', async () => {
    assert.deepEqual(await check('ignore'), { kind: 'unavailable', reason: 'its path is not a file' });
    for (const file of ['../outside.png', '/etc/passwd', 'ignore/%2e%2e/x.png', 'C:\\x.png']) {
      assert.deepEqual(
        await check(file),
        { kind: 'unavailable', reason: 'its path is not inside the workspace' },
        file,
      );
    }
  });
});
