/**
 * Which agent asked for a job, kept with its manifest entry and ledger line so the panel can show "made by an
 * agent" and the tool. Free strings, so a newer host (`copilot`, say) does not make an older reader refuse the entry.
 */
import * as z from 'zod';

export const agentRunSchema = z.object({
  /** The door the agent came through: `mcp` for `image-studio mcp`. */
  via: z.string().min(1).max(40),
  /** The tool it called, e.g. `generate_image`. */
  tool: z.string().min(1).max(100),
  /** The client's own name, as it introduced itself (e.g. `claude-code`); untrusted, shown as text only. */
  client: z.string().min(1).max(200).optional(),
});

export type AgentRun = z.output<typeof agentRunSchema>;
