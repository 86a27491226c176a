import * as z from 'zod';

/** One past request from the usage ledger. */
export const usageRow = z
  .object({
    at: z.string().max(40),
    model: z.string().max(200),
    kind: z.enum(['generate', 'edit']),
    images: z.number().int().nonnegative(),
    costUsd: z.number().nonnegative(),
    estimated: z.boolean(),
    cached: z.boolean(),
    promptPreview: z.string().max(200),
    /** The request failed after it was sent and may still be charged; `costUsd` is its estimate. */
    possiblyBilled: z.boolean().optional(),
  })
  .strict();

/** Spend against the monthly budget, and the last requests; figures come from the core usage ledger. */
export const usageSummary = z
  .object({
    todayUsd: z.number().nonnegative(),
    monthUsd: z.number().nonnegative(),
    /** The part of `monthUsd` from possibly billed requests. */
    monthPossiblyBilledUsd: z.number().nonnegative().optional(),
    /** 0 = no cap. */
    monthlyBudgetUsd: z.number().nonnegative(),
    recent: z.array(usageRow).max(50),
  })
  .strict();
export type UsageSummary = z.infer<typeof usageSummary>;
