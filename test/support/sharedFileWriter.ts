/**
 * A separate process appending to the usage ledger and the manifest of one folder, as a second VS Code
 * window or the CLI would: `node sharedFileWriter.js <folder> <label> <count>`.
 */
import { appendManifestEntry, newManifestEntryId } from '../../src/core/files/manifest';
import { createNodeFileStore } from '../../src/core/files/nodeFileStore';
import { appendUsage } from '../../src/core/spend/usageLedger';

async function main(): Promise<void> {
  const [folder, label, count] = process.argv.slice(2);
  if (!folder || !label || !count) throw new Error('usage: sharedFileWriter <folder> <label> <count>');
  const store = createNodeFileStore();
  for (let i = 0; i < Number(count); i++) {
    const now = new Date();
    await appendUsage({
      store,
      folder: `${folder}/usage`,
      entry: {
        at: now.toISOString(),
        model: 'gpt-image-2',
        kind: 'generate',
        images: 1,
        inputTokens: 1,
        outputTokens: 1,
        costUsd: 0.01,
        estimated: false,
        cached: false,
        promptPreview: `${label} ${i}`,
      },
    });
    await appendManifestEntry({
      store,
      workspaceRoot: folder,
      now,
      entry: {
        id: newManifestEntryId(),
        file: `ignore/${label}-${i}.png`,
        prompt: `${label} ${i}`,
        model: 'gpt-image-2',
        kind: 'generate',
        options: { size: '1024x1024', quality: 'low', background: 'auto', outputFormat: 'png' },
        requestHash: 'a'.repeat(64),
        createdAt: now.toISOString(),
        costUsd: 0.01,
        usage: { inputTokens: 1, outputTokens: 1 },
      },
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
