/** The engine's FileStore speaks absolute POSIX paths; these convert from and to the platform's own. */
import * as path from 'node:path';

/** `/home/a/x` stays; Windows `C:\x` becomes `/C:/x`. */
export function toStorePath(nativePath: string): string {
  const absolute = path.resolve(nativePath);
  if (process.platform !== 'win32') return absolute;
  return `/${absolute.replace(/\\/g, '/')}`;
}

/** A store path shown relative to the working directory, the way a person would type it. */
export function displayPath(storePath: string, cwd: string): string {
  const native = process.platform === 'win32' && /^\/[A-Za-z]:\//.test(storePath) ? storePath.slice(1) : storePath;
  const relative = path.relative(cwd, native);
  // Another drive on Windows has no relative form.
  return relative === '' || path.isAbsolute(relative) ? native : relative;
}
