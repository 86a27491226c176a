/**
 * Runs the emulator from the shell:
 *   node out/test/emulator/cli.js [--port 8787] [--host 127.0.0.1] [--api-key KEY]
 *        [--images-per-minute 50] [--tokens-per-minute N] [--latency-scale 0.2] [--today YYYY-MM-DD]
 *        [--photo-grain]
 * Prints the base URL (and the key hint) and serves until interrupted.
 */
import { parseArgs } from 'node:util';
import { EMULATOR_DEFAULT_PORT, EMULATOR_TEST_KEY } from './constants';
import type { EmulatorOptions } from './options';
import { startEmulator } from './server';

export const CLI_USAGE =
  `Usage: emulator [--port ${EMULATOR_DEFAULT_PORT}] [--host 127.0.0.1] [--api-key KEY] ` +
  '[--images-per-minute 50] [--tokens-per-minute 800000] [--latency-scale 0.2] [--today YYYY-MM-DD] ' +
  '[--batch-latency-ms 5000] [--photo-grain]';

function number(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number >= 0, got '${text}'`);
  return v;
}

/** Parses CLI arguments into emulator options (exported for tests). */
export function parseCliArgs(argv: readonly string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      'images-per-minute': { type: 'string' },
      'tokens-per-minute': { type: 'string' },
      'latency-scale': { type: 'string' },
      today: { type: 'string' },
      'batch-latency-ms': { type: 'string' },
      'photo-grain': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) throw new Error(CLI_USAGE);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))
    throw new Error('--today must be YYYY-MM-DD');
  return {
    port: number('port', values.port, EMULATOR_DEFAULT_PORT),
    host: values.host ?? '127.0.0.1',
    apiKey: values['api-key'] ?? EMULATOR_TEST_KEY,
    imagesPerMinute: number('images-per-minute', values['images-per-minute'], 50),
    tokensPerMinute: number('tokens-per-minute', values['tokens-per-minute'], 800_000),
    latencyScale: number('latency-scale', values['latency-scale'], 0.2),
    batchLatencyMs: number('batch-latency-ms', values['batch-latency-ms'], 5_000),
    ...(values.today !== undefined ? { today: values.today } : {}),
    ...(values['photo-grain'] ? { photoGrain: true } : {}),
  };
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${CLI_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const emulator = await startEmulator(options);
  const keyNote = options.apiKey === EMULATOR_TEST_KEY ? ` (test key: ${EMULATOR_TEST_KEY})` : '';
  process.stdout.write(`OpenAI Images API emulator listening on ${emulator.baseUrl}${keyNote}\n`);
  process.stdout.write(`Azure endpoint: ${emulator.azureEndpoint} (deployment = model id, ?api-version required)\n`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) void main();
