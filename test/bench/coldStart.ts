/**
 * Cold starts as a person or an agent sees them, against a bare `node -e 0` measured in the same run (alternating, so
 * a busy moment on the machine weighs on both alike): `node dist/cli.js --help` to its exit, and the production
 * `node dist/cli.js mcp` to the answer of its first `tools/list`. The MCP line also names its floor, a bare MCP server
 * with one zod tool bundled the same way, since the MCP SDK and zod are paid before any answer.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { build } from 'esbuild';
import { repoRoot } from '../host/paths';
import { median, timed, type BenchResult } from './benchResult';

const RUNS = 9;
const CLI = path.join(repoRoot, 'dist', 'cli.js');
/** The target (14): both starts within half again of Node's own. */
const TARGET = 1.5;

/** How long `node <args>` takes from spawn to exit. */
function processMs(args: readonly string[]): Promise<number> {
  return timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, args, { stdio: 'ignore' });
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')}: exit ${code}`)),
        );
      }),
  );
}

/** Spawn to the first `tools/list` answer of the MCP server `node <args>` starts. */
async function firstToolsListMs(root: string, args: readonly string[]): Promise<number> {
  const workspace = path.join(root, 'mcp-ws');
  mkdirSync(workspace, { recursive: true });
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...args],
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

/** The floor server bundled as esbuild.js bundles the CLI (production: minified, CommonJS, node22). */
async function bundleFloorServer(root: string): Promise<string> {
  const outfile = path.join(root, 'mcpFloorServer.js');
  await build({
    entryPoints: [path.join(repoRoot, 'test', 'bench', 'mcpFloorServer.ts')],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    logLevel: 'silent',
  });
  return outfile;
}

/** Which Node ran: the bench uses its own (`process.execPath`), whichever that is. */
function nodeName(): string {
  return `Node ${process.versions.node}`;
}

export async function coldStartBench(root: string): Promise<BenchResult[]> {
  const floorServer = await bundleFloorServer(root);
  const workspace = path.join(root, 'mcp-ws');
  const bare: number[] = [];
  const help: number[] = [];
  const mcp: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await processMs(['-e', '0']));
    help.push(await processMs([CLI, '--help']));
    mcp.push(await firstToolsListMs(root, [CLI, 'mcp', '--workspace', workspace]));
    floor.push(await firstToolsListMs(root, [floorServer]));
  }
  const ms = (values: readonly number[]): string => `${median(values).toFixed(0)} ms`;
  return [
    {
      name: 'CLI --help cold start / node -e 0',
      ratio: median(help) / median(bare),
      target: { op: '<=', value: TARGET },
      detail: `median ${ms(help)} against ${ms(bare)}, ${RUNS} runs each, ${nodeName()}`,
    },
    {
      name: 'MCP cold start to first tools/list / node -e 0',
      ratio: median(mcp) / median(bare),
      target: { op: '<=', value: TARGET },
      detail:
        `median ${ms(mcp)} against ${ms(bare)}; a bare MCP server with one zod tool takes ${ms(floor)} ` +
        `(${(median(floor) / median(bare)).toFixed(2)}x), ${RUNS} runs each, ${nodeName()}`,
    },
  ];
}
