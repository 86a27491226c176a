import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { ImageStudioError } from '../../../../src/core/errors';
import { runImageJob } from '../../../../src/core/engine/runImageJob';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { findMissingImages } from '../../../../src/core/files/manifest';
import { planRegeneration } from '../../../../src/core/engine/regeneration';
import { writeManifestFile } from '../../support/largeManifest';
import { useEngine } from './support';

describe('a 100 MB manifest gets a clear answer at once, and nothing is paid for', function () {
  this.timeout(60_000);
  const engine = useEngine();

  it("Regenerate Missing's plan, the missing-image scan and a generate all name the file, size and cap", async () => {
    const { deps, emulator, workspace, job } = engine();
    mkdirSync(path.join(workspace, '.imagestudio'));
    // A valid manifest: without the cap it would be parsed and checked, entry by entry.
    const size = writeManifestFile(path.join(workspace, '.imagestudio', 'manifest.json'), 75_250, 1_000);
    assert.ok(size > 100_000_000, String(size));
    const tooLarge =
      (prefix: string) =>
      (e: unknown): boolean => {
        assert.ok(e instanceof ImageStudioError && e.kind === 'file-too-large', String(e));
        assert.ok(
          e.message.startsWith(
            `${prefix}The image manifest ${workspace}/.imagestudio/manifest.json is 100 MB, ` +
              'over the 32 MB Image Studio reads',
          ),
          e.message,
        );
        return true;
      };
    const location = { store: deps.store, workspaceRoot: workspace };
    await assert.rejects(planRegeneration({ ...location, outputFolder: 'ignore' }), tooLarge(''));
    await assert.rejects(findMissingImages(location), tooLarge(''));
    await assert.rejects(
      runImageJob(
        deps,
        job(
          parseImageRequest({
            kind: 'generate',
            model: 'gpt-image-2',
            prompt: 'a heavy albatross',
            size: '1024x1024',
            quality: 'low',
          }),
        ),
      ),
      tooLarge('Nothing was sent: '),
    );
    assert.deepEqual(emulator.requests, []);
  });
});
