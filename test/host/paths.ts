import * as path from 'node:path';

/** The repository root: test/host compiles to out/test/host, so three levels up from there. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The git-ignored cache where the offline host installs itself once. */
export const cacheRoot = path.join(repoRoot, '.vscode-test');

/** code-server 4.117.0 ships VS Code 1.117.0 (extension host on Node 22); verified offline. */
export const codeServerVersion = '4.117.0';

export const codeServerHome = path.join(cacheRoot, `code-server-${codeServerVersion}`);
export const codeServerEntry = path.join(codeServerHome, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Where tests write results, screenshots and logs; git-ignored. */
export const testOutput = path.join(repoRoot, 'test-output');

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
