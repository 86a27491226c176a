/**
 * What a window start costs the extension host: evaluating the thin `dist/extension.js`, against evaluating the
 * workbench and the SDK it defers (`dist/workbench.js`, `dist/openai.js`), each in a fresh Node process. Plain Node
 * has no VS Code, so `vscode` resolves to an empty module: the bundles' top levels only take the module, they call
 * nothing, so this is their evaluation as the host does it, without `activate` (the host bench measures that).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../host/paths';
import { median, type BenchResult } from './benchResult';

const RUNS = 7;
const BUNDLES = ['extension.js', 'workbench.js', 'openai.js'] as const;

// Runs in the child: swaps in an empty `vscode`, then times each bundle's first require in the order given.
const EVALUATE = `
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? {} : load.call(this, request, ...rest); };
const times = process.argv.slice(1).map((file) => {
  const started = performance.now();
  require(file);
  return performance.now() - started;
});
process.stdout.write(JSON.stringify(times));
`;

function evaluationMs(): number[] {
  const files = BUNDLES.map((file) => path.join(repoRoot, 'dist', file));
  const output = execFileSync(process.execPath, ['-e', EVALUATE, ...files], { encoding: 'utf8' });
  return JSON.parse(output) as number[];
}

export function activationBundlesBench(): BenchResult {
  const runs = Array.from({ length: RUNS }, () => evaluationMs());
  const [thin, workbench, sdk] = BUNDLES.map((_, i) => median(runs.map((times) => times[i] ?? Number.NaN)));
  const deferred = (workbench ?? Number.NaN) + (sdk ?? Number.NaN);
  return {
    name: 'activation bundle evaluation / the workbench and SDK it defers',
    ratio: (thin ?? Number.NaN) / deferred,
    target: { op: '<=', value: 0.05 },
    detail:
      `median ${thin?.toFixed(2)} ms for dist/extension.js, ${workbench?.toFixed(1)} ms for dist/workbench.js, ` +
      `${sdk?.toFixed(1)} ms for dist/openai.js (fresh Node, vscode stubbed, evaluation only)`,
  };
}
