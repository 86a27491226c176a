import * as z from 'zod';
import { agentMark } from './agentMark';

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
    /** Where it ran: in the extension, or through the `image-studio` CLI (its MCP server included). */
    source: z.enum(['extension', 'cli']).optional(),
    /** Set when an agent asked for it. */
    agent: agentMark.optional(),
  })
  .strict();
export type UsageRow = z.infer<typeof usageRow>;

/**
 * Spend against the monthly budget, and the last requests; figures come from the core usage ledgers (the extension's
 * and the CLI's, added up).
 */
export const usageSummary = z
  .object({
    todayUsd: z.number().nonnegative(),
    monthUsd: z.number().nonnegative(),
    /** The part of `monthUsd` from possibly billed requests. */
    monthPossiblyBilledUsd: z.number().nonnegative().optional(),
    /** 0 = no cap. */
    monthlyBudgetUsd: z.number().nonnegative(),
    recent: z.array(usageRow).max(50),
    /** Ledgers that could not be read (the CLI's, say), each said as text. */
    notices: z.array(z.string().max(1000)).max(4).optional(),
  })
  .strict();
export type UsageSummary = z.infer<typeof usageSummary>;
