import * as vscode from 'vscode';
import { shiftPosition } from '../core/text/trackedPosition';
import type { LinkPlacement, LinkTarget } from './insertImageLink';

/** A link target that follows the person's edits while the image renders. */
export interface TrackedLinkTarget extends vscode.Disposable {
  /** The target with its place moved by every edit since it was captured. */
  current(): LinkTarget;
}

function shift(position: vscode.Position, event: vscode.TextDocumentChangeEvent): vscode.Position {
  // Each change is relative to the text before the event; bottom-up, earlier shifts cannot skew later ones.
  const changes = [...event.contentChanges].sort((a, b) => b.range.start.compareTo(a.range.start));
  let moved: { line: number; character: number } = position;
  for (const change of changes)
    moved = shiftPosition(moved, { start: change.range.start, end: change.range.end, text: change.text });
  return new vscode.Position(moved.line, moved.character);
}

function shiftLine(line: number, event: vscode.TextDocumentChangeEvent): number {
  return shift(new vscode.Position(line, 0), event).line;
}

function shiftPlacement(placement: LinkPlacement, event: vscode.TextDocumentChangeEvent): LinkPlacement {
  switch (placement.kind) {
    case 'cursor':
      return { ...placement, position: shift(placement.position, event) };
    case 'afterLine':
      return {
        ...placement,
        line: shiftLine(placement.line, event),
        indentLine: shiftLine(placement.indentLine, event),
      };
    // The old link line is found again by its text when the link is replaced.
    case 'replaceLine':
      return {
        ...placement,
        line: shiftLine(placement.line, event),
        indentLine: shiftLine(placement.indentLine, event),
      };
  }
}

export function trackLinkTarget(target: LinkTarget): TrackedLinkTarget {
  let placement = target.placement;
  const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.document === target.document && event.contentChanges.length > 0)
      placement = shiftPlacement(placement, event);
  });
  return {
    current: () => ({ ...target, placement }),
    dispose: () => subscription.dispose(),
  };
}
