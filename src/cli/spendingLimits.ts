/** The CLI's spending limits: a flag, else an environment variable, else the defaults the extension ships with. */
import type { CliIo } from './cliIo';
import { UsageError } from './usageError';

export const MONTHLY_BUDGET_ENV = 'IMAGE_STUDIO_MONTHLY_BUDGET_USD';
export const CONFIRM_ABOVE_ENV = 'IMAGE_STUDIO_CONFIRM_ABOVE_USD';
const DEFAULT_CONFIRM_ABOVE_USD = 0.5;

export interface SpendingLimits {
  readonly monthlyBudgetUsd: number;
  readonly confirmAboveUsd: number;
}

function dollars(value: string, source: string): number {
  const amount = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(amount) || amount < 0)
    throw new UsageError(`${source} must be an amount of US dollars, 0 or more (0 = no limit), not "${value}".`);
  return amount;
}

/**
 * Reads `--monthly-budget` / IMAGE_STUDIO_MONTHLY_BUDGET_USD and `--confirm-above` / IMAGE_STUDIO_CONFIRM_ABOVE_USD.
 */
export function spendingLimits(
  flags: { readonly 'monthly-budget'?: string | undefined; readonly 'confirm-above'?: string | undefined },
  io: Pick<CliIo, 'env'>,
): SpendingLimits {
  const monthly =
    flags['monthly-budget'] !== undefined
      ? dollars(flags['monthly-budget'], '--monthly-budget')
      : io.env[MONTHLY_BUDGET_ENV] !== undefined
        ? dollars(io.env[MONTHLY_BUDGET_ENV], MONTHLY_BUDGET_ENV)
        : 0;
  const confirm =
    flags['confirm-above'] !== undefined
      ? dollars(flags['confirm-above'], '--confirm-above')
      : io.env[CONFIRM_ABOVE_ENV] !== undefined
        ? dollars(io.env[CONFIRM_ABOVE_ENV], CONFIRM_ABOVE_ENV)
        : DEFAULT_CONFIRM_ABOVE_USD;
  return {
    monthlyBudgetUsd: monthly,
    confirmAboveUsd: confirm,
  };
}
