import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { codeServerEntry, codeServerHome, codeServerVersion } from './paths';
import { ensureSystemPackages } from './systemPackages';

const markerFile = path.join(codeServerHome, '.installed');

/** True when a previous run completed the install; a second run must not reinstall. */
export function isCodeServerInstalled(): boolean {
  return (
    existsSync(markerFile) &&
    existsSync(codeServerEntry) &&
    readFileSync(markerFile, 'utf8').trim() === codeServerVersion
  );
}

function run(command: string, args: string[], cwd: string): void {
  // npm and node-gyp must run on the Node 22 that started us, not on the machine's own Node.
  const env = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_yes: 'true',
  };
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env });
}

/**
 * Installs code-server (a complete VS Code server build) into the git-ignored cache, following
 * ../shared/notes/offline-vscode-host.md: its own install script downloads ripgrep from GitHub and
 * refuses root, so scripts are skipped and the native modules rebuilt by hand.
 */
export function ensureCodeServer(log: (line: string) => void = console.log): void {
  ensureSystemPackages(log);
  if (isCodeServerInstalled()) return;
  log(`[host] installing code-server ${codeServerVersion} into ${codeServerHome} (first run only, about 2 minutes)`);
  rmSync(codeServerHome, { recursive: true, force: true });
  mkdirSync(codeServerHome, { recursive: true });
  writeFileSync(
    path.join(codeServerHome, 'package.json'),
    JSON.stringify({ name: 'code-server-cache', private: true }),
  );
  run(
    'npm',
    ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${codeServerVersion}`],
    codeServerHome,
  );

  const vscodeDir = path.join(codeServerHome, 'node_modules', 'code-server', 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vscodeDir);
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync('/usr/bin/rg', path.join(rgDir, 'rg'));
  const asarLink = path.join(vscodeDir, 'node_modules.asar');
  rmSync(asarLink, { force: true });
  symlinkSync('node_modules', asarLink);
  run('npm', ['rebuild'], vscodeDir);
  run(
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'],
    path.join(vscodeDir, 'extensions'),
  );
  run('npm', ['rebuild', 'argon2'], codeServerHome);

  writeFileSync(markerFile, codeServerVersion);
  log('[host] code-server installed');
}

if (require.main === module) {
  ensureCodeServer();
}
