import { cpSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

/** A fresh copy of the sample workspace, since tests write images into it. */
export function freshWorkspace(target: string): string {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), target, { recursive: true });
  return target;
}
