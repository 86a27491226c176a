/** Runs a fast-check property for at least 1,000 cases and prints how many it tried, as fast-check counted them. */
import * as fc from 'fast-check';

/** Cases per property: 1,000, or more with IMAGE_STUDIO_FUZZ_RUNS for a deeper run by hand. */
export const FUZZ_RUNS = Math.max(1000, Number(process.env['IMAGE_STUDIO_FUZZ_RUNS'] ?? '') || 0);

/** A seed from IMAGE_STUDIO_FUZZ_SEED replays a failure that a report printed; otherwise each run draws a new one. */
function seedParameter(): { seed?: number } {
  const seed = Number(process.env['IMAGE_STUDIO_FUZZ_SEED'] ?? '');
  return Number.isInteger(seed) && process.env['IMAGE_STUDIO_FUZZ_SEED'] !== undefined ? { seed } : {};
}

/**
 * Checks `property`, logs `<name>: <n> cases` from fast-check's run details, and throws fast-check's report on failure.
 */
export async function checkProperty<Ts>(
  name: string,
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  parameters: fc.Parameters<Ts> = {},
): Promise<void> {
  const details = await fc.check(property as fc.IRawProperty<Ts>, {
    numRuns: FUZZ_RUNS,
    ...seedParameter(),
    ...parameters,
  });
  const skipped = details.numSkips > 0 ? ` (${details.numSkips} skipped by a precondition)` : '';
  console.log(`      ${name}: ${details.numRuns} cases${skipped}`);
  if (details.failed) {
    // The report holds the shrunk counterexample, the seed and the path to replay it.
    throw new Error(await fc.asyncDefaultReportMessage(details), { cause: details.errorInstance });
  }
  if (details.numRuns < FUZZ_RUNS)
    throw new Error(
      `${name}: only ${details.numRuns} of ${FUZZ_RUNS} cases ran${details.interrupted ? ' (interrupted)' : ''}.`,
    );
}
