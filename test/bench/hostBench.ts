/**
 * The bench's lines that only a real VS Code can give (the link in the document, the panel's first render): runs
 * `test/bench/host/` as a session of the same launcher the integration suite uses, and reads back what it wrote.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { chooseHost, runHostSession, sessionResultsFile, type Session } from '../host/hostSession';
import { repoRoot, testOutput } from '../host/paths';
import { freshWorkspace } from '../host/workspaceCopy';
import type { BenchResult } from './benchResult';

const benchResultSchema = z.object({
  name: z.string(),
  ratio: z.number(),
  target: z.object({ op: z.enum(['>=', '<=']), value: z.number() }).optional(),
  detail: z.string(),
});

export async function hostBench(): Promise<BenchResult[]> {
  const session: Session = {
    name: 'bench',
    testsPath: path.join(repoRoot, 'out', 'test', 'bench', 'host', 'index'),
    trusted: true,
  };
  const file = sessionResultsFile(session);
  rmSync(file, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  const host = await chooseHost();
  const workspace = freshWorkspace(path.join(testOutput, 'bench-workspace'));
  const code = await runHostSession(host, session, workspace);
  if (code !== 0 || !existsSync(file)) throw new Error(`the bench's host session failed (exit ${code}) in ${host}`);
  return z.array(benchResultSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
}
