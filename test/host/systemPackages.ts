import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './paths';

/** Debian packages the offline host needs: Chromium, and headers for code-server's native modules. */
const requiredPackages = [
  { pkg: 'chromium', present: () => existsSync(chromiumPath) },
  { pkg: 'ripgrep', present: () => existsSync('/usr/bin/rg') },
  { pkg: 'pkg-config', present: () => commandSucceeds('pkg-config', ['--version']) },
  {
    pkg: 'libkrb5-dev',
    present: () => existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/krb5.h'),
  },
  { pkg: 'libx11-dev', present: () => existsSync('/usr/include/X11/Xlib.h') },
  { pkg: 'libxkbfile-dev', present: () => existsSync('/usr/include/X11/extensions/XKBfile.h') },
  { pkg: 'libsecret-1-dev', present: () => commandSucceeds('pkg-config', ['--exists', 'libsecret-1']) },
];

function commandSucceeds(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/**
 * Installs the missing packages with apt-get when running as root; otherwise stops with the exact
 * command a person must run, because a test host that half-installs is worse than a clear stop.
 */
export function ensureSystemPackages(log: (line: string) => void = console.log): void {
  const missing = requiredPackages.filter((p) => !p.present()).map((p) => p.pkg);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`The offline VS Code host needs system packages that are missing. Run:\n  sudo ${command}`);
  }
  log(`[host] installing system packages: ${missing.join(' ')}`);
  execFileSync('bash', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
