/** Big, valid manifests written straight to disk, for the bounded-input tests. */
import { closeSync, openSync, writeSync } from 'node:fs';

/** A valid manifest entry `i` for an image in `ignore/`, its prompt padded to `promptChars`. */
export function manifestEntryJson(i: number, promptChars = 0): string {
  const hex = (i % 65_536).toString(16).padStart(4, '0');
  return JSON.stringify({
    id: `id${i}`,
    file: `ignore/20261130-100000-entry-${i}-${hex}.png`,
    prompt: `prompt ${i} `.padEnd(promptChars, 'x'),
    model: 'gpt-image-2',
    kind: 'generate',
    options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
    requestHash: 'a'.repeat(64),
    createdAt: '2026-11-30T10:00:00.000Z',
  });
}

/**
 * Writes a valid manifest of `count` entries to `file` (streamed: a 100 MB one never sits in memory whole); returns its
 * size.
 */
export function writeManifestFile(file: string, count: number, promptChars = 0): number {
  const fd = openSync(file, 'w');
  let size = 0;
  try {
    size += writeSync(fd, '{"version":1,"images":[');
    let chunk = '';
    for (let i = 0; i < count; i++) {
      chunk += `${i === 0 ? '' : ','}${manifestEntryJson(i, promptChars)}`;
      if (chunk.length > 1 << 20) {
        size += writeSync(fd, chunk);
        chunk = '';
      }
    }
    size += writeSync(fd, `${chunk}]}\n`);
  } finally {
    closeSync(fd);
  }
  return size;
}
