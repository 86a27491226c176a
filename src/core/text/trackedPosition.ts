/**
 * Where a cursor position moves when the text around it is edited, so a link still lands where the
 * person asked for it after they kept typing during a long generation.
 */
export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface TextChange {
  readonly start: TextPosition;
  readonly end: TextPosition;
  readonly text: string;
}

function before(a: TextPosition, b: TextPosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * The position after one change. Text inserted exactly at the position pushes it along (the link goes
 * after what was typed there); a change that swallows the position moves it to the change's end.
 */
export function shiftPosition(position: TextPosition, change: TextChange): TextPosition {
  if (before(position, change.start)) return position;
  const lines = change.text.split(/\r\n|\r|\n/);
  const insertedLines = lines.length - 1;
  const lastLineLength = lines[lines.length - 1]!.length;
  const newEnd: TextPosition =
    insertedLines === 0
      ? { line: change.start.line, character: change.start.character + lastLineLength }
      : { line: change.start.line + insertedLines, character: lastLineLength };
  // Inside the replaced range: the position is gone, so it goes to the end of what replaced it.
  if (before(position, change.end)) return newEnd;
  if (position.line === change.end.line)
    return { line: newEnd.line, character: newEnd.character + (position.character - change.end.character) };
  return { line: position.line + (newEnd.line - change.end.line), character: position.character };
}
