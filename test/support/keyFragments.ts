/**
 * Every piece of `key` in `text` that would tell someone part of it: its first or last 4+ characters, or any 8 in a
 * row.
 */
export function keyFragmentsIn(text: string, key: string): string[] {
  const found: string[] = [];
  for (let length = 4; length <= key.length; length++) {
    for (const piece of [key.slice(0, length), key.slice(-length)]) if (text.includes(piece)) found.push(piece);
  }
  for (let start = 0; start + 8 <= key.length; start++) {
    const piece = key.slice(start, start + 8);
    if (text.includes(piece)) found.push(piece);
  }
  return [...new Set(found)];
}
