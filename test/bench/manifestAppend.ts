/**
 * Manifest append time at 10 and at 10,000 images: each manifest is written as a clone would bring it, then appended
 * to once (that append reads and rewrites it whole), and the median of the next ten appends is compared.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { appendManifestEntry, newManifestEntryId, type ManifestEntry } from '../../src/core/files/manifest';
import { createNodeFileStore } from '../../src/core/files/nodeFileStore';
import { median, timed, type BenchResult } from './benchResult';

const LARGE = 10_000;

function entry(i: number): ManifestEntry {
  return {
    id: newManifestEntryId(),
    file: `ignore/image-${i}.png`,
    prompt: `prompt ${i} `.repeat(8),
    model: 'gpt-image-2',
    kind: 'generate',
    options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
    requestHash: 'a'.repeat(64),
    createdAt: new Date().toISOString(),
    costUsd: 0.01,
  };
}

interface Sampled {
  readonly first: number;
  readonly median: number;
}

async function appendsAt(root: string, images: number): Promise<Sampled> {
  const store = createNodeFileStore();
  const workspace = path.join(root, `manifest-ws-${images}`);
  await store.createDirectory(path.join(workspace, '.imagestudio'));
  const seeded = Array.from({ length: images }, (_, i) => entry(i));
  writeFileSync(
    path.join(workspace, '.imagestudio', 'manifest.json'),
    `${JSON.stringify({ version: 1, images: seeded }, null, 2)}\n`,
  );
  const append = (i: number) =>
    appendManifestEntry({ store, workspaceRoot: workspace, now: new Date(), entry: entry(i) });
  const first = await timed(() => append(images));
  const times: number[] = [];
  for (let i = 1; i <= 10; i++) times.push(await timed(() => append(images + i)));
  return { first, median: median(times) };
}

export async function manifestAppendBench(root: string): Promise<BenchResult> {
  const small = await appendsAt(root, 10);
  const large = await appendsAt(root, LARGE);
  return {
    name: 'manifest append at 10,000 images vs. at 10',
    ratio: large.median / small.median,
    target: { op: '<=', value: 1.5 },
    detail:
      `median ${small.median.toFixed(2)} ms at 10 images, ${large.median.toFixed(2)} ms at 10,000 ` +
      `(in place; the first append of a manifest this process did not write reads and rewrites it whole: ` +
      `${small.first.toFixed(1)} ms at 10, ${large.first.toFixed(1)} ms at 10,000)`,
  };
}
