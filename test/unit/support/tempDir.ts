/** A fresh real folder under os.tmpdir() per test, removed afterwards. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Registers mocha hooks and returns a getter for the current test's temporary folder (a POSIX path on Linux and macOS).
 */
export function useTempDir(): () => string {
  let dir = '';
  beforeEach(() => {
    // realpath: on macOS os.tmpdir() is itself under a symlink (/var -> /private/var), which the F3 check would refuse.
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'imagestudio-storage-')));
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o700);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
