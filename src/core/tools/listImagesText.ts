/** The `list images` tools' answer: the images the manifest records, newest first, as lines a model can read. */
import { MANIFEST_RELATIVE_PATH, type ManifestEntry, type ManifestRead } from '../files/manifest';
import { formatUsd } from '../spend/estimateCost';

export const DEFAULT_LIST_LIMIT = 20;

/** The newest `limit` entries of `read`: paths, prompts, models, sizes and costs; a corrupt manifest says so. */
export function listImagesText(read: ManifestRead, limit: number = DEFAULT_LIST_LIMIT): string {
  const newest = [...read.manifest.images].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const shown = newest.slice(0, limit);
  const lines = read.corrupt ? [read.corrupt.message] : [];
  lines.push(
    newest.length === 0
      ? `No images are recorded in ${MANIFEST_RELATIVE_PATH} yet.`
      : `${newest.length} image${newest.length === 1 ? '' : 's'} in ${MANIFEST_RELATIVE_PATH}, newest first` +
          (shown.length < newest.length ? ` (the first ${shown.length}):` : ':'),
  );
  for (const entry of shown) lines.push(describeEntry(entry));
  return lines.join('\n');
}

function describeEntry(entry: ManifestEntry): string {
  const facts = [
    entry.createdAt,
    entry.kind,
    entry.model,
    entry.options.size,
    `quality ${entry.options.quality}`,
    ...(entry.costUsd !== undefined ? [formatUsd(entry.costUsd)] : []),
  ];
  const inputs = entry.inputFiles?.length ? `\n  edited from: ${entry.inputFiles.join(', ')}` : '';
  return `- ${entry.file} (${facts.join(', ')})\n  prompt: ${JSON.stringify(entry.prompt)}${inputs}`;
}
