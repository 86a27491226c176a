import { readdirSync } from 'node:fs';
import * as path from 'node:path';

/** The host's user data folder (settings, global state and storage, logs), as test/runIntegration.ts reports it. */
export function userDataDir(): string | undefined {
  return process.env.IMAGE_STUDIO_USER_DATA_DIR;
}

/** Every file under `dir`, recursively; none when it does not exist. */
export function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}
