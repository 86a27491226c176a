import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

/** A fresh copy of the sample workspace, since tests write images into it. */
export function freshWorkspace(target: string): string {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), target, { recursive: true });
  // A repository of its own, as a person's project would be, with the sample files committed.
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=Image Studio Tests',
        '-c',
        'user.email=tests@image-studio.invalid',
        '-c',
        'init.defaultBranch=main',
        ...args,
      ],
      { cwd: target, stdio: 'pipe' },
    );
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'sample workspace');
  return target;
}
