import * as assert from 'node:assert/strict';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeManifestFile } from '../support/largeManifest';
import { cliSuite } from './support';

describe('cli: oversized files get a clear error naming them, and nothing is sent', function () {
  this.timeout(60_000);
  const suite = cliSuite();

  it('a 100 MB manifest: regenerate-missing and generate end with the error, exit 1', async () => {
    const { cwd } = suite.box();
    mkdirSync(path.join(cwd, '.imagestudio'));
    writeManifestFile(path.join(cwd, '.imagestudio', 'manifest.json'), 75_250, 1_000);
    const regenerate = await suite.cli('regenerate-missing', '--yes');
    assert.equal(regenerate.code, 1);
    assert.match(
      regenerate.stderr,
      new RegExp(
        /^The image manifest .*\/\.imagestudio\/manifest\.json is 100 MB, over the 32 MB Image Studio reads, /.source +
          /so it was not read\. Nothing was changed\./.source,
      ),
    );
    const generate = await suite.cli('generate', 'a heavy pelican', '--quality', 'low');
    assert.equal(generate.code, 1);
    assert.match(generate.stderr, /^Nothing was sent: The image manifest .* is 100 MB, over the 32 MB/);
    assert.equal(suite.emu().requests.length, 0);
  });

  it('an oversized ledger month or batch record: usage, generate and batch status say which file, exit 1', async () => {
    const { cwd, config } = suite.box();
    const usage = path.join(config, 'image-studio', 'usage');
    mkdirSync(usage, { recursive: true });
    const month = new Date();
    const ledger = path.join(
      usage,
      `usage-${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, '0')}.jsonl`,
    );
    // Sparse: the size is all that is looked at.
    writeFileSync(ledger, '');
    truncateSync(ledger, 40_000_000);
    const shown = await suite.cli('usage');
    assert.equal(shown.code, 1);
    assert.match(
      shown.stderr,
      /^The usage ledger .*usage-\d{4}-\d{2}\.jsonl is 40 MB, over the 32 MB Image Studio reads/,
    );
    const generate = await suite.cli('generate', 'an unbudgeted stork', '--quality', 'low');
    assert.equal(generate.code, 1);
    assert.match(generate.stderr, /usage-\d{4}-\d{2}\.jsonl is 40 MB/);

    const record = path.join(cwd, '.imagestudio', 'batches', 'batch_big.json');
    mkdirSync(path.dirname(record), { recursive: true });
    writeFileSync(record, '');
    truncateSync(record, 80_000_000);
    const status = await suite.cli('batch', 'status', 'batch_big');
    assert.equal(status.code, 1);
    assert.match(status.stderr, /^The batch record .*batch_big\.json is 80 MB, over the 64 MB Image Studio reads/);
    assert.equal(suite.emu().requests.length, 0);
  });
});
