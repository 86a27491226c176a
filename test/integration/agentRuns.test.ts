import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { EMULATOR_TEST_KEY } from '../emulator';
import { useEmulatorSession } from './support/emulatorSession';
import { openPanelSession } from './support/panelSession';
import { answerWindow, withAnswers } from './support/windowAnswers';

interface ServerEntry {
  readonly type: string;
  readonly command: string;
  readonly args: string[];
  readonly env?: Record<string, string>;
}

/** Runs Copy MCP Server Configuration, picking the VS Code client, and returns what it put on the clipboard. */
async function copiedVsCodeConfiguration(): Promise<{ text: string; picks: string[] }> {
  await vscode.env.clipboard.writeText('');
  let picks: string[] = [];
  await withAnswers(
    [
      answerWindow('showQuickPick', async (shown) => {
        const items = await (shown as Thenable<vscode.QuickPickItem[]>);
        picks = items.map((i) => i.label);
        return items.find((i) => i.label === 'VS Code');
      }),
      answerWindow('showInformationMessage', () => undefined),
    ],
    () => vscode.commands.executeCommand('imageStudio.copyMcpConfiguration'),
  );
  return { text: await vscode.env.clipboard.readText(), picks };
}

/**
 * Starts the server exactly as the snippet says (`node`, found on PATH, with its arguments and environment), as an
 * agent introducing itself as `name`. The key comes from the agent's environment, as the info message says; the CLI's
 * config home is the one this host reads (the session's own).
 */
async function startFromSnippet(entry: ServerEntry, name: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: entry.command,
    args: entry.args,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      XDG_CONFIG_HOME: process.env['XDG_CONFIG_HOME'] ?? '',
      OPENAI_API_KEY: EMULATOR_TEST_KEY,
      ...entry.env,
    },
    stderr: 'pipe',
  });
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('agent runs: the MCP configuration command, and agents’ images in the panel', function () {
  this.timeout(120_000);
  const emulator = useEmulatorSession();
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('copies a key-free VS Code mcp.json whose server starts and lists its four tools', async () => {
    const { text, picks } = await copiedVsCodeConfiguration();
    assert.deepEqual(picks, ['VS Code', 'Claude Code / Claude Desktop', 'Cursor', 'Codex', 'Other MCP client']);
    assert.ok(!text.includes(EMULATOR_TEST_KEY), 'the key in secret storage never reaches the clipboard');
    assert.ok(!/OPENAI_API_KEY|sk-/.test(text), text);
    const entry = (JSON.parse(text) as { servers: Record<string, ServerEntry> }).servers['image-studio'];
    assert.ok(entry, text);
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const extension = vscode.extensions.getExtension('image-studio-dev.image-studio')!;
    assert.equal(entry.type, 'stdio');
    assert.equal(entry.command, 'node');
    assert.deepEqual(entry.args.slice(0, 4), [
      vscode.Uri.joinPath(extension.extensionUri, 'dist', 'cli.js').fsPath,
      'mcp',
      '--workspace',
      folder,
    ]);
    assert.deepEqual(entry.args.slice(4), ['--monthly-budget', '0', '--confirm-above', '0.5']);
    assert.deepEqual(entry.env, { IMAGE_STUDIO_BASE_URL: emulator().baseUrl });
    const client = await startFromSnippet(entry, 'claude-code');
    clients.push(client);
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['edit_image', 'estimate_cost', 'generate_image', 'list_images']);
  });

  it('shows an MCP server’s image in the history and usage, marked by an agent with its client and tool', async () => {
    const { text } = await copiedVsCodeConfiguration();
    const entry = (JSON.parse(text) as { servers: Record<string, ServerEntry> }).servers['image-studio']!;
    const session = await openPanelSession();
    const client = await startFromSnippet(entry, 'claude-code');
    clients.push(client);
    const prompt = 'a lighthouse an agent asked for';
    const result = (await client.callTool({ name: 'generate_image', arguments: { prompt } })) as CallToolResult;
    assert.ok(!result.isError, JSON.stringify(result.content).slice(0, 500));
    const mark = { via: 'mcp', tool: 'generate_image', client: 'claude-code' };
    // The manifest watcher refreshes the panel; its state carries the history and the usage of both ledgers.
    const state = await session.waitForState(
      'the agent’s image in the history and its request in the usage',
      (s) => s.history.items.some((i) => i.prompt === prompt) && s.usage.recent.some((r) => r.promptPreview === prompt),
    );
    const item = state.history.items.find((i) => i.prompt === prompt)!;
    assert.deepEqual(item.agent, mark);
    assert.equal(item.availability, 'available');
    const row = state.usage.recent.find((r) => r.promptPreview === prompt)!;
    assert.equal(row.source, 'cli');
    assert.deepEqual(row.agent, mark);
    // The search finds it by the mark, and only agents' images for "agent".
    const found = await session.history('agent claude code');
    assert.deepEqual(
      found.items.map((i) => i.prompt),
      [prompt],
    );
    const agents = await session.history('agent');
    assert.ok(agents.items.some((i) => i.prompt === prompt));
    assert.ok(agents.items.every((i) => i.agent !== undefined || /agent/i.test(i.prompt)));
  });
});
