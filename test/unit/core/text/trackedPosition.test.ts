import { strict as assert } from 'node:assert';
import { shiftPosition, type TextChange } from '../../../../src/core/text/trackedPosition';
import { seededString } from '../../../support/seededString';

const at = (line: number, character: number) => ({ line, character });
const change = (start: [number, number], end: [number, number], text: string): TextChange => ({
  start: at(...start),
  end: at(...end),
  text,
});

/** Applies a change to text split in lines, the way an editor would, to check positions against real text. */
function apply(text: string, c: TextChange): string {
  const offset = (p: { line: number; character: number }) =>
    text
      .split('\n')
      .slice(0, p.line)
      .reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(c.start)) + c.text + text.slice(offset(c.end));
}

function offsetOf(text: string, p: { line: number; character: number }): number {
  return (
    text
      .split('\n')
      .slice(0, p.line)
      .reduce((n, l) => n + l.length + 1, 0) + p.character
  );
}

describe('shiftPosition', () => {
  it('leaves the position alone for edits after it', () => {
    assert.deepEqual(shiftPosition(at(2, 3), change([2, 5], [2, 5], 'xyz')), at(2, 3));
    assert.deepEqual(shiftPosition(at(2, 3), change([4, 0], [6, 0], '')), at(2, 3));
  });

  it('follows text typed before it on the same line, and typed exactly at it', () => {
    assert.deepEqual(shiftPosition(at(2, 3), change([2, 1], [2, 1], 'ab')), at(2, 5));
    assert.deepEqual(shiftPosition(at(2, 3), change([2, 3], [2, 3], 'ab')), at(2, 5));
  });

  it('moves down and up with lines added and removed above', () => {
    assert.deepEqual(shiftPosition(at(5, 4), change([1, 0], [1, 0], 'one\ntwo\n')), at(7, 4));
    assert.deepEqual(shiftPosition(at(5, 4), change([1, 0], [3, 0], '')), at(3, 4));
  });

  it('keeps its place on a line joined to the one above', () => {
    // "ab\ncd|e" → delete the line break: "abcd|e".
    assert.deepEqual(shiftPosition(at(1, 2), change([0, 2], [1, 0], '')), at(0, 4));
  });

  it('goes to the end of a replacement that swallowed it', () => {
    assert.deepEqual(shiftPosition(at(1, 2), change([1, 0], [1, 5], 'X')), at(1, 1));
    assert.deepEqual(shiftPosition(at(1, 2), change([0, 1], [2, 0], 'P\nQ')), at(1, 1));
  });

  it('keeps pointing at the same character through many random edits', () => {
    let state = 7;
    const next01 = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const pool = ['a', 'b', ' ', 'é', '\t', '|', '😀'];
    for (let round = 0; round < 300; round++) {
      let text = 'alpha\nbeta gamma\n\ndelta|epsilon\nzeta';
      let position = at(3, 5); // just before "|"
      for (let edit = 0; edit < 5; edit++) {
        const lines = text.split('\n');
        const startLine = Math.floor(next01() * lines.length);
        const startChar = Math.floor(next01() * (lines[startLine]!.length + 1));
        const start = at(startLine, startChar);
        // Only edits that do not touch the marker, so it must survive them.
        const markerOffset = offsetOf(text, position);
        const startOffset = offsetOf(text, start);
        const endOffset =
          startOffset > markerOffset
            ? Math.min(text.length, startOffset + Math.floor(next01() * 3))
            : Math.min(markerOffset, startOffset + Math.floor(next01() * 3));
        const upTo = text.slice(0, endOffset).split('\n');
        const end = at(upTo.length - 1, upTo[upTo.length - 1]!.length);
        const inserted = seededString(pool, Math.floor(next01() * 1e6), 3).replace(/\|/g, '');
        const c = { start, end, text: next01() < 0.3 ? `${inserted}\n` : inserted };
        text = apply(text, c);
        position = shiftPosition(position, c);
        assert.equal(
          text[offsetOf(text, position)],
          '|',
          `round ${round}, edit ${edit}: ${JSON.stringify(text)} at ${JSON.stringify(position)}`,
        );
      }
    }
  });
});
