import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { MCP_CLIENTS, mcpClientConfig, tomlString, type McpServerLaunch } from '../../../src/mcp/mcpClientConfig';
import { CLI_MAIN, cliEnv, sandbox } from '../cli/support';

// smol-toml is an ES module; a dynamic import loads it from this CommonJS test.
let parseToml: (text: string) => unknown;

const launch: McpServerLaunch = {
  command: 'node',
  cliPath: '/Users/Ada Lovelace/.vscode/extensions/image studio/dist/cli.js',
  workspace: '/Users/Ada Lovelace/My "Site"',
  monthlyBudgetUsd: 20,
  confirmAboveUsd: 0.5,
};

interface ServerEntry {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly env_vars?: readonly string[];
}

/** The server entry each client's text holds, parsed back as the client would. */
function serverEntry(client: (typeof MCP_CLIENTS)[number], text: string): ServerEntry {
  const parsed = (client === 'codex' ? parseToml(text) : JSON.parse(text)) as Record<string, unknown>;
  const tables: Record<string, unknown> = {
    vscode: (parsed['servers'] as Record<string, unknown> | undefined)?.['image-studio'],
    claude: (parsed['mcpServers'] as Record<string, unknown> | undefined)?.['image-studio'],
    cursor: (parsed['mcpServers'] as Record<string, unknown> | undefined)?.['image-studio'],
    codex: (parsed['mcp_servers'] as Record<string, unknown> | undefined)?.['image-studio'],
    generic: parsed,
  };
  const entry = tables[client];
  assert.ok(entry && typeof entry === 'object', `${client}: no server entry in ${text}`);
  return entry as ServerEntry;
}

describe('mcpClientConfig: the snippet Copy MCP Server Configuration puts on the clipboard', () => {
  before(async () => {
    ({ parse: parseToml } = await import('smol-toml'));
  });
  const savedKey = process.env['OPENAI_API_KEY'];
  const planted = 'sk-proj-planted0123456789abcdefghijklmnop';
  beforeEach(() => {
    process.env['OPENAI_API_KEY'] = planted;
  });
  afterEach(() => {
    if (savedKey === undefined) delete process.env['OPENAI_API_KEY'];
    else process.env['OPENAI_API_KEY'] = savedKey;
  });

  for (const client of MCP_CLIENTS)
    it(`${client}: parses as ${client === 'codex' ? 'TOML' : 'JSON'}, paths with spaces and quotes kept whole`, () => {
      const config = mcpClientConfig(client, launch);
      assert.equal(config.language, client === 'codex' ? 'toml' : 'json');
      const entry = serverEntry(client, config.text);
      assert.equal(entry.command, 'node');
      assert.deepEqual(entry.args, [
        launch.cliPath,
        'mcp',
        '--workspace',
        launch.workspace,
        '--monthly-budget',
        '20',
        '--confirm-above',
        '0.5',
      ]);
      assert.equal(entry.env, undefined, 'no base URL set, so no environment');
      assert.ok(!config.text.includes(planted), 'the key in the environment never reaches the snippet');
      assert.ok(!/sk-/.test(config.text));
    });

  it('sets IMAGE_STUDIO_BASE_URL only when a base URL is set, and names the key for Codex without its value', () => {
    for (const client of MCP_CLIENTS) {
      const entry = serverEntry(client, mcpClientConfig(client, { ...launch, baseUrl: 'http://127.0.0.1:9/v1' }).text);
      assert.deepEqual({ ...entry.env }, { IMAGE_STUDIO_BASE_URL: 'http://127.0.0.1:9/v1' }, client);
    }
    const codex = serverEntry('codex', mcpClientConfig('codex', launch).text);
    assert.deepEqual([...(codex.env_vars ?? [])], ['OPENAI_API_KEY']);
  });

  it('writes Windows paths and control characters so TOML reads them back unchanged', () => {
    const windows = 'C:\\Users\\Ada Lovelace\\AppData\\dist\\cli.js';
    const odd = 'tab\there\u0001"quoted"\\';
    const parsed = parseToml(`a = ${tomlString(windows)}\nb = ${tomlString(odd)}\n`);
    assert.deepEqual({ ...(parsed as object) }, { a: windows, b: odd });
  });

  it('passes 0 (no cap, never ask) and a NaN as 0, never an exponent', () => {
    const entry = serverEntry(
      'generic',
      mcpClientConfig('generic', { ...launch, monthlyBudgetUsd: 0, confirmAboveUsd: NaN }).text,
    );
    assert.deepEqual(entry.args.slice(4), ['--monthly-budget', '0', '--confirm-above', '0']);
    const tiny = serverEntry('generic', mcpClientConfig('generic', { ...launch, confirmAboveUsd: 0.0000001 }).text);
    assert.equal(tiny.args[7], '0');
  });

  it('starts a server that lists its four tools, from the generic snippet as written', async function () {
    this.timeout(30_000);
    const box = sandbox();
    try {
      const workspace = path.join(box.cwd, 'a folder with spaces');
      mkdirSync(workspace);
      const entry = serverEntry(
        'generic',
        mcpClientConfig('generic', { ...launch, command: process.execPath, cliPath: CLI_MAIN, workspace }).text,
      );
      const transport = new StdioClientTransport({
        command: entry.command,
        args: [...entry.args],
        cwd: box.cwd,
        env: cliEnv(box),
        stderr: 'pipe',
      });
      const client = new Client({ name: 'snippet-test', version: '1.0.0' });
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        assert.deepEqual(tools.map((t) => t.name).sort(), [
          'edit_image',
          'estimate_cost',
          'generate_image',
          'list_images',
        ]);
      } finally {
        await client.close();
      }
    } finally {
      box.remove();
    }
  });
});
