/** Durations the way OpenAI's headers and messages write them: `12ms`, `1.5s`, `6m0s`, `1h2m3s`. */
export function formatDuration(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.ceil(v)}ms`;
  if (v < 60_000) return `${Number((v / 1000).toFixed(3))}s`;
  const totalSeconds = Math.round(v / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${h}h${m}m${s}s` : `${m}m${s}s`;
}
