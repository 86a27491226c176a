import * as vscode from 'vscode';
import type { ManifestEntry } from '../../../src/core/files/manifest';

const manifestPath = (folder: vscode.Uri) => vscode.Uri.joinPath(folder, '.imagestudio', 'manifest.json');

/** A manifest entry as a cloned repository could commit it; `index` makes its id, time and file distinct. */
export function manifestEntry(index: number, overrides: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    id: `fixture${index.toString(16).padStart(8, '0')}`,
    file: `ignore/fixture-${index}.png`,
    prompt: `fixture image number ${index}`,
    model: 'gpt-image-2',
    kind: 'generate',
    options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
    requestHash: index.toString(16).padStart(64, '0'),
    createdAt: new Date(Date.UTC(2020, 0, 1) + index * 1000).toISOString(),
    ...overrides,
  };
}

/**
 * Runs `action` with `entries` added to the workspace folder's manifest (or, with `replace`, instead of its
 * own), then puts back the manifest exactly as it was, so the suites after this one see their own images.
 */
export async function withManifestEntries<T>(
  folder: vscode.Uri,
  entries: readonly ManifestEntry[],
  action: () => Promise<T>,
  options: { replace?: boolean } = {},
): Promise<T> {
  const uri = manifestPath(folder);
  const original = await vscode.workspace.fs.readFile(uri).then(
    (bytes) => bytes,
    () => undefined,
  );
  const current =
    original && !options.replace
      ? (JSON.parse(new TextDecoder().decode(original)) as { images: ManifestEntry[] }).images
      : [];
  await vscode.workspace.fs.writeFile(
    uri,
    new TextEncoder().encode(JSON.stringify({ version: 1, images: [...current, ...entries] })),
  );
  try {
    return await action();
  } finally {
    if (original) await vscode.workspace.fs.writeFile(uri, original);
    else await vscode.workspace.fs.delete(uri);
  }
}
