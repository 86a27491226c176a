/**
 * The MCP server's cold start as an agent sees it: from spawning the production `node dist/cli.js mcp` to the answer
 * of its first `tools/list`, against a bare `node -e 0` measured in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { repoRoot } from '../host/paths';
import { median, timed, type BenchResult } from './benchResult';

const RUNS = 7;

/** How long a bare `node -e 0` takes from spawn to exit: the floor every Node program's start sits on. */
function nodeStartMs(): Promise<number> {
  return timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
        child.on('error', reject);
        child.on('exit', () => resolve());
      }),
  );
}

async function mcpColdStartMs(root: string): Promise<number> {
  const workspace = path.join(root, 'mcp-ws');
  mkdirSync(workspace, { recursive: true });
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(repoRoot, 'dist', 'cli.js'), 'mcp', '--workspace', workspace],
    cwd: workspace,
    // No key or endpoint: listing the tools needs neither.
    env: { PATH: process.env['PATH'] ?? '', HOME: root, XDG_CONFIG_HOME: path.join(root, 'mcp-config') },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'image-studio-bench', version: '1.0.0' });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const elapsed = performance.now() - started;
    if (tools.length === 0) throw new Error('the MCP server listed no tools');
    return elapsed;
  } finally {
    await client.close();
  }
}

export async function mcpColdStartBench(root: string): Promise<BenchResult> {
  const bare: number[] = [];
  const mcp: number[] = [];
  // Interleaved, so a busy moment on the machine weighs on both alike.
  for (let i = 0; i < RUNS; i++) {
    bare.push(await nodeStartMs());
    mcp.push(await mcpColdStartMs(root));
  }
  return {
    name: 'MCP cold start to first tools/list / node -e 0',
    ratio: median(mcp) / median(bare),
    target: { op: '<=', value: 6 },
    detail: `median ${median(mcp).toFixed(0)} ms against ${median(bare).toFixed(0)} ms, ${RUNS} runs each`,
  };
}
