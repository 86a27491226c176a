import { writeFileSync } from 'node:fs';
import { measureInHost } from './measureInHost';

/**
 * The bench's session in a real VS Code (code-server offline, @vscode/test-electron where VS Code can be downloaded),
 * launched like the integration suite: it measures what only the real host can show and writes the lines to the file
 * the launcher names. A failure to measure fails the session; a missed target does not (the bench reports it).
 */
export async function run(): Promise<void> {
  const target = process.env.IMAGE_STUDIO_RESULTS_FILE;
  if (!target) throw new Error('IMAGE_STUDIO_RESULTS_FILE names where the measurements go');
  writeFileSync(target, `${JSON.stringify(await measureInHost(), null, 2)}\n`);
}
