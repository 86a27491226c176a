/** A file a tool names, as the engine names workspace files: relative to the workspace, POSIX separators. */
import * as path from 'node:path';
import { UsageError } from '../cli/usageError';

/** `file` (relative to the workspace, or absolute) as a workspace-relative POSIX path; outside the workspace throws. */
export function workspaceRelative(workspace: string, file: string): string {
  const relative = path.relative(workspace, path.resolve(workspace, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UsageError(
      `${JSON.stringify(file.slice(0, 200))} is not a file inside the workspace ${workspace}: ` +
        'name workspace files relative to it.',
    );
  }
  return relative.split(path.sep).join('/');
}
