import * as vscode from 'vscode';
import { shiftPosition } from '../core/trackedPosition';
import type { LinkTarget } from './insertImageLink';

/** A link target that follows the person's edits while the image renders. */
export interface TrackedLinkTarget extends vscode.Disposable {
  /** The target with its position moved by every edit since it was captured. */
  current(): LinkTarget;
}

export function trackLinkTarget(target: LinkTarget): TrackedLinkTarget {
  let position = target.position;
  const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.document !== target.document) return;
    // Each change is relative to the text before the event; bottom-up, earlier shifts cannot skew later ones.
    const changes = [...event.contentChanges].sort((a, b) => b.range.start.compareTo(a.range.start));
    for (const change of changes) {
      const moved = shiftPosition(position, { start: change.range.start, end: change.range.end, text: change.text });
      position = new vscode.Position(moved.line, moved.character);
    }
  });
  return {
    current: () => ({ ...target, position }),
    dispose: () => subscription.dispose(),
  };
}
