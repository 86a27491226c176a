import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot, testOutput } from '../host/paths';

/**
 * Packages the extension as `npm run package` does (production build, no secret-scan flags); returns the .vsix path.
 */
export function packageVsix(name: string): string {
  const vsix = path.join(testOutput, 'vsix', `${name}.vsix`);
  rmSync(vsix, { force: true });
  mkdirSync(path.dirname(vsix), { recursive: true });
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, stdio: 'pipe' });
  return vsix;
}
