import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type MochaTypes = require('mocha');
import { Mocha } from './mocha';
import { testOutput } from '../host/paths';

/** Where a layer's counts go (an environment variable); the top-level test command sums these into one line. */
const resultsFileEnv = 'IMAGE_STUDIO_RESULTS_FILE';

interface LayerResult {
  readonly layer: string;
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly failures: string[];
  /** Tests that failed and then passed on a retry: flaky, whatever the count says. */
  readonly retried: string[];
}

/**
 * The spec reporter, plus a JSON file of counts so the layers can be totalled in one line, and every retry said aloud.
 */
class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: MochaTypes.Runner, options?: MochaTypes.MochaOptions) {
    super(runner, options);
    const failures: string[] = [];
    const retried: string[] = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: MochaTypes.Test, err: Error) =>
      failures.push(`${test.fullTitle()}: ${err.message}`),
    );
    // A retry that passes hides a flaky test from the counts; it is printed and recorded instead.
    runner.on(Mocha.Runner.constants.EVENT_TEST_RETRY, (test: MochaTypes.Test, err: Error) => {
      retried.push(`${test.fullTitle()}: ${err.message}`);
      console.log(`  [retried] ${test.fullTitle()}: ${err.message.split('\n')[0]}`);
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const layer = (options as { reporterOption?: { layer?: unknown } } | undefined)?.reporterOption?.layer;
      const file =
        process.env[resultsFileEnv] ??
        (typeof layer === 'string' ? path.join(testOutput, 'results', `${layer}.json`) : undefined);
      if (!file) return;
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const result: LayerResult = {
        layer: path.basename(file, '.json'),
        passed: stats.passes,
        failed: stats.failures,
        pending: stats.pending,
        failures,
        retried,
      };
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(result, null, 2));
    });
  }
}

export = CountingReporter;
