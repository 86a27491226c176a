/**
 * Copy MCP Server Configuration: the snippet that lets another agent (Claude Code, Cursor, Codex, VS Code's own
 * mcp.json) start this extension's packaged `image-studio mcp` on a workspace folder, with the person's endpoint and
 * spending limits, and never the key (K1, K6).
 *
 * The MCP server is not also offered to VS Code's agents through `mcpServerDefinitionProviders`: the language-model
 * tools give them the same four tools in process, with VS Code's own confirmation, so a second door would only list
 * every tool twice.
 */
import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { mcpClientConfig, type McpClient } from '../mcp/mcpClientConfig';
import { commandIds } from './ids';
import type { Log } from '../vscode/log';
import { readSettings } from '../vscode/settingsReader';
import { showError } from '../vscode/showError';
import { workspaceFolderFor } from '../vscode/workspaceFolderFor';

export interface CopyMcpConfigurationDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: Log;
}

interface ClientItem extends vscode.QuickPickItem {
  readonly client: McpClient;
}

const CLIENT_ITEMS: readonly ClientItem[] = [
  { client: 'vscode', label: 'VS Code', description: '.vscode/mcp.json' },
  { client: 'claude', label: 'Claude Code / Claude Desktop', description: '.mcp.json, claude_desktop_config.json' },
  { client: 'cursor', label: 'Cursor', description: '.cursor/mcp.json' },
  { client: 'codex', label: 'Codex', description: '~/.codex/config.toml' },
  { client: 'generic', label: 'Other MCP client', description: 'command, arguments and environment as JSON' },
];

/** Asks for the client, then puts its configuration on the clipboard; returns the client, or undefined on Escape. */
export async function copyMcpConfiguration(deps: CopyMcpConfigurationDeps): Promise<McpClient | undefined> {
  const folder = workspaceFolderFor(vscode.window.activeTextEditor?.document.uri);
  // The server is a Node process the client starts on this machine: it needs real paths for the CLI and the folder.
  if (folder.uri.scheme !== 'file' || deps.extensionUri.scheme !== 'file')
    throw new ImageStudioError({ kind: 'folder-not-local', folder: folder.name });
  const picked = await vscode.window.showQuickPick(CLIENT_ITEMS, {
    title: 'Image Studio: Copy MCP Server Configuration',
    placeHolder: 'Which agent will start the Image Studio MCP server?',
  });
  if (!picked) return undefined;
  const settings = readSettings(folder.uri);
  const config = mcpClientConfig(picked.client, {
    command: 'node',
    cliPath: vscode.Uri.joinPath(deps.extensionUri, 'dist', 'cli.js').fsPath,
    workspace: folder.uri.fsPath,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    monthlyBudgetUsd: settings.monthlyBudgetUsd,
    confirmAboveUsd: settings.confirmAboveUsd,
  });
  await vscode.env.clipboard.writeText(config.text);
  deps.log.info(`MCP configuration for ${picked.label} copied (workspace ${folder.name})`);
  void vscode.window.showInformationMessage(
    `Image Studio: the MCP configuration for ${picked.label} is on the clipboard; paste it into ${config.where}. ` +
      'It holds no API key: the server reads OPENAI_API_KEY from the environment the agent starts it in, or a ' +
      '.env in the folder it starts in.' +
      // The server's cap counts the CLI's ledger only; the extension's own spend is not in it (yet).
      (settings.monthlyBudgetUsd > 0
        ? ' Its monthly budget counts what the CLI and MCP server spend, not what VS Code itself spent this month.'
        : '') +
      (settings.provider === 'azure'
        ? ' The server calls the OpenAI API (or the base URL), not your Azure deployment.'
        : ''),
  );
  return picked.client;
}

export function registerCopyMcpConfiguration(deps: CopyMcpConfigurationDeps): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.copyMcpConfiguration, async (): Promise<McpClient | undefined> => {
    try {
      return await copyMcpConfiguration(deps);
    } catch (err) {
      await showError(err, deps);
      return undefined;
    }
  });
}
