import type { AgentRun } from '../core/request/agentRun';
import type { AgentMark } from '../protocol/agentMark';

/** The agent mark the panel shows for a manifest entry's or ledger line's `agent`, cut to the protocol's caps. */
export function agentMarkOf(agent: AgentRun): AgentMark {
  return {
    via: agent.via.slice(0, 40),
    tool: agent.tool.slice(0, 100),
    ...(agent.client ? { client: agent.client.slice(0, 200) } : {}),
  };
}
