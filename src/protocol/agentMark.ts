/**
 * "Made by an agent": which door (`via`), which tool and which client, as the host read them from a manifest entry
 * or a ledger line. The words are free text from the agent's side, so they are capped here and shown with
 * `textContent` only (W4).
 */
import * as z from 'zod';
import { describeAgent } from '../facts/agentNames';

export const agentMark = z
  .object({
    /** `mcp` for `image-studio mcp`; another host (the language-model tools) names its own. */
    via: z.string().min(1).max(40),
    tool: z.string().min(1).max(100),
    /** The client's name as it introduced itself, e.g. `claude-code`. */
    client: z.string().min(1).max(200).optional(),
  })
  .strict();
export type AgentMark = z.infer<typeof agentMark>;

/** Every word a history search should find an agent's image by: "agent", the door, the client and the tool. */
export function agentSearchText(mark: { via: string; tool: string; client?: string | undefined }): string {
  return `agent by an agent ${mark.via} ${mark.client ?? ''} ${describeAgent(mark)}`;
}
