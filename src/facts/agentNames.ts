/** How people call the agents that ask Image Studio for images: shown on history cards, usage rows and Show Usage. */

/** Known client and door names, as people say them; anything else is shown as it came. */
// A Map, not an object: a client calling itself `constructor` must not reach Object.prototype.
const KNOWN_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
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
  }),
);

function known(name: string): string {
  return KNOWN_NAMES.get(name.toLowerCase()) ?? name;
}

/** "Claude Code · generate_image": the client (or the door when the client did not say), then the tool. */
export function describeAgent(mark: {
  readonly via: string;
  readonly tool: string;
  readonly client?: string | undefined;
}): string {
  return `${known(mark.client ?? mark.via)} · ${mark.tool}`;
}
