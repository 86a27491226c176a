/**
 * "Made by an agent": which door (`via`), which tool and which client, as the host read them from a manifest entry
 * or a ledger line. The words are free text from the agent's side, so they are capped here and shown with
 * `textContent` only (W4).
 */
import * as z from 'zod';

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

/** Known client and door names, as people say them; anything else is shown as it came. */
const KNOWN_NAMES: Readonly<Record<string, string>> = {
  'claude-code': 'Claude Code',
  'claude-ai': 'Claude Desktop',
  'cursor-vscode': 'Cursor',
  cursor: 'Cursor',
  'codex-mcp-client': 'Codex',
  codex: 'Codex',
  'visual studio code': 'VS Code',
  'visual studio code - insiders': 'VS Code Insiders',
  copilot: 'Copilot',
  mcp: 'an MCP client',
};

function known(name: string): string {
  return KNOWN_NAMES[name.toLowerCase()] ?? name;
}

/** "Claude Code · generate_image": the client (or the door when the client did not say), then the tool. */
export function describeAgent(mark: AgentMark): string {
  return `${known(mark.client ?? mark.via)} · ${mark.tool}`;
}

/** Every word a history search should find an agent's image by: "agent", the door, the client and the tool. */
export function agentSearchText(mark: AgentMark): string {
  return `agent by an agent ${mark.via} ${mark.client ?? ''} ${describeAgent(mark)}`;
}
