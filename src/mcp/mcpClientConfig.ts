/**
 * The configuration an MCP client needs to start `image-studio mcp`: plain text built from plain values, so the
 * extension's Copy MCP Server Configuration command and the tests share it. It never holds the key (K1, K6): the
 * server reads `OPENAI_API_KEY` or the `.env` of the folder it starts in, and nothing here reads the environment.
 */
import { BASE_URL_ENV } from '../cli/cliConfig';

export const MCP_CLIENTS = ['vscode', 'claude', 'cursor', 'codex', 'generic'] as const;
export type McpClient = (typeof MCP_CLIENTS)[number];

export interface McpServerLaunch {
  /** The program that runs the CLI: `node`. */
  readonly command: string;
  /** Absolute native path of the packaged `dist/cli.js`. */
  readonly cliPath: string;
  /** Absolute native path of the workspace folder the images and manifest belong to. */
  readonly workspace: string;
  /** The endpoint, only when the person set one. */
  readonly baseUrl?: string;
  /** The person's spending limits; 0 means no cap / never ask, as for the settings. */
  readonly monthlyBudgetUsd: number;
  readonly confirmAboveUsd: number;
}

export interface McpClientConfig {
  readonly client: McpClient;
  readonly language: 'json' | 'toml';
  readonly text: string;
  /** Where the text goes, said to the person. */
  readonly where: string;
}

/** The server's name in every client's configuration. */
export const MCP_SERVER_NAME = 'image-studio';

const WHERE: Record<McpClient, string> = {
  vscode: '.vscode/mcp.json in the workspace (or your user mcp.json)',
  claude: ".mcp.json in the project (Claude Code) or Claude Desktop's claude_desktop_config.json",
  cursor: '.cursor/mcp.json in the project or ~/.cursor/mcp.json',
  codex: '~/.codex/config.toml',
  generic: "your MCP client's stdio server settings",
};

/** The arguments after the command: the CLI, `mcp`, the workspace and the spending limits. */
export function mcpServerArgs(launch: McpServerLaunch): string[] {
  return [
    launch.cliPath,
    'mcp',
    '--workspace',
    launch.workspace,
    '--monthly-budget',
    usdFlag(launch.monthlyBudgetUsd),
    '--confirm-above',
    usdFlag(launch.confirmAboveUsd),
  ];
}

/** The configuration for one client, as the text to paste. */
export function mcpClientConfig(client: McpClient, launch: McpServerLaunch): McpClientConfig {
  const args = mcpServerArgs(launch);
  const env: Record<string, string> = launch.baseUrl ? { [BASE_URL_ENV]: launch.baseUrl } : {};
  const server = { command: launch.command, args, ...(Object.keys(env).length > 0 ? { env } : {}) };
  const json = (value: unknown): McpClientConfig => ({
    client,
    language: 'json',
    text: `${JSON.stringify(value, null, 2)}\n`,
    where: WHERE[client],
  });
  switch (client) {
    case 'vscode':
      return json({ servers: { [MCP_SERVER_NAME]: { type: 'stdio', ...server } } });
    case 'claude':
      return json({ mcpServers: { [MCP_SERVER_NAME]: { type: 'stdio', ...server } } });
    case 'cursor':
      return json({ mcpServers: { [MCP_SERVER_NAME]: server } });
    case 'generic':
      return json(server);
    case 'codex':
      return { client, language: 'toml', text: codexToml(launch.command, args, env), where: WHERE[client] };
  }
}

/** Codex passes on only the variables it is told to, by name: the key is named, never written. */
function codexToml(command: string, args: readonly string[], env: Readonly<Record<string, string>>): string {
  const lines = [
    `[mcp_servers.${MCP_SERVER_NAME}]`,
    `command = ${tomlString(command)}`,
    `args = [${args.map(tomlString).join(', ')}]`,
    'env_vars = ["OPENAI_API_KEY"]',
  ];
  const names = Object.keys(env);
  if (names.length > 0) {
    lines.push('', `[mcp_servers.${MCP_SERVER_NAME}.env]`);
    for (const name of names) lines.push(`${name} = ${tomlString(env[name] ?? '')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A TOML basic string: quotes, backslashes (Windows paths) and control characters escaped. */
export function tomlString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    // A lone surrogate is not a Unicode scalar value, which TOML requires.
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else out += char;
  }
  return `${out}"`;
}

/** Dollars as the CLI's flags take them: a plain decimal, never an exponent. */
function usdFlag(usd: number): string {
  const value = Number.isFinite(usd) && usd > 0 ? usd : 0;
  return String(Math.round(value * 10_000) / 10_000);
}
