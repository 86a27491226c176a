/**
 * A deterministic string of `length` pieces drawn from `pool` (a small LCG), so property-style tests repeat exactly.
 */
export function seededString(pool: readonly string[], seed: number, length: number): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out += pool[state % pool.length] ?? '';
  }
  return out;
}
