/**
 * Flags parsed with `node:util` parseArgs, then checked with zod so every bad value names its flag and what is allowed.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type * as z from 'zod';
import { UsageError } from './usageError';

export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

export interface ParsedFlags<T> {
  readonly flags: T;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

/**
 * Parses `args` against `options` (plus `--help`), validates the values with `schema`; throws UsageError naming the
 * flag.
 */
export function parseFlags<S extends z.ZodType>(
  args: readonly string[],
  options: FlagOptions,
  schema: S,
): ParsedFlags<z.output<S>> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    // Node's messages already name the flag ("Unknown option '--sise'"); its hint about `--` does not apply here.
    const message =
      err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '.') : String(err);
    throw new UsageError(message);
  }
  const { help, ...values } = parsed.values;
  if (help === true) return { flags: {} as z.output<S>, positionals: parsed.positionals, help: true };
  const result = schema.safeParse(values, { reportInput: true });
  if (!result.success) throw new UsageError(describeFlagIssue(result.error.issues[0]));
  return { flags: result.data, positionals: parsed.positionals, help: false };
}

function describeFlagIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'Invalid flags.';
  const flag = `--${String(issue.path[0] ?? '')}`;
  const input = typeof issue.input === 'string' ? ` ${JSON.stringify(issue.input.slice(0, 60))}` : '';
  switch (issue.code) {
    case 'invalid_value':
      return `${flag}${input} is not valid: allowed values are ${issue.values.map(String).join(', ')}.`;
    case 'too_small':
      return `${flag}${input} is not valid: must be at least ${String(issue.minimum)}.`;
    case 'too_big':
      return `${flag}${input} is not valid: must be at most ${String(issue.maximum)}.`;
    default:
      return `${flag}${input} is not valid: ${issue.message}.`;
  }
}
