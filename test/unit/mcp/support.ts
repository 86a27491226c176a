/**
 * Runs the compiled CLI's `mcp` as a child process and drives it with the SDK's own Client over stdio, against the
 * emulator, in a throwaway workspace and config home (see ../cli/support.ts).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  ElicitRequestSchema,
  type CallToolResult,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { EMULATOR_TEST_KEY, type EmulatorOptions, type RunningEmulator } from '../../emulator';
import { CLI_MAIN, cliEnv, sandbox, type Sandbox } from '../cli/support';
import { start } from '../emulator/support';

export interface McpSessionOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** Flags after `mcp`. */
  readonly args?: readonly string[];
  /** Declares the elicitation capability and answers each question with this. */
  readonly elicit?: (request: ElicitRequest) => ElicitResult;
}

export interface McpSession {
  readonly client: Client;
  readonly transport: StdioClientTransport;
  /** Everything the server wrote to stderr so far. */
  readonly stderr: () => string;
  /** Every protocol message the server sent (its whole stdout), as JSON. */
  readonly received: () => string;
  /** The questions the server asked through elicitation. */
  readonly asked: readonly ElicitRequest[];
  /** Resolves when the server process has exited (the transport sees its `close`). */
  readonly exited: Promise<void>;
  /** The tool's result, typed. */
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Closes the client (ends the server's stdin). */
  close(): Promise<void>;
}

/** Starts `image-studio mcp` and connects a client to it. */
export async function connectMcp(options: McpSessionOptions): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_MAIN, 'mcp', ...(options.args ?? [])],
    cwd: options.cwd,
    env: options.env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client(
    { name: 'image-studio-test', version: '1.0.0' },
    { capabilities: options.elicit ? { elicitation: { form: {} } } : {} },
  );
  const asked: ElicitRequest[] = [];
  const elicit = options.elicit;
  if (elicit)
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request);
      return elicit(request);
    });
  const exited = new Promise<void>((resolve) => {
    client.onclose = () => resolve();
  });
  // The client chains its own handler after this one: every message the server wrote on stdout, from the first.
  const messages: string[] = [];
  transport.onmessage = (message) => void messages.push(JSON.stringify(message));
  await client.connect(transport);
  return {
    client,
    transport,
    stderr: () => stderr,
    received: () => messages.join('\n'),
    asked,
    exited,
    call: async (name, args) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The text parts of a result, joined. */
export function textOf(result: CallToolResult): string {
  return result.content
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

export interface McpSuite {
  /** The emulator shared by the suite; its request log is emptied before each test. */
  readonly emu: () => RunningEmulator;
  /** A fresh workspace and config home per test. */
  readonly box: () => Sandbox;
  /** The environment with the emulator's key and endpoint, `extra` on top. */
  readonly env: (extra?: Record<string, string>) => Record<string, string>;
  /** A server in the sandbox with that environment; closed after the test. */
  readonly connect: (options?: Partial<McpSessionOptions>) => Promise<McpSession>;
}

/** Registers the mocha hooks of an MCP suite: one emulator, one sandbox per test, every session closed after it. */
export function mcpSuite(options: EmulatorOptions = {}): McpSuite {
  let emu: RunningEmulator | undefined;
  let box: Sandbox | undefined;
  const sessions: McpSession[] = [];
  before(async () => {
    emu = await start(options);
  });
  after(() => emu?.close());
  beforeEach(() => {
    box = sandbox();
    if (emu) emu.requests.length = 0;
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
    box?.remove();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('mcpSuite used outside a test');
    return value;
  };
  const env = (extra: Record<string, string> = {}): Record<string, string> =>
    cliEnv(need(box), { OPENAI_API_KEY: EMULATOR_TEST_KEY, IMAGE_STUDIO_BASE_URL: need(emu).baseUrl, ...extra });
  return {
    emu: () => need(emu),
    box: () => need(box),
    env,
    connect: async (more = {}) => {
      const session = await connectMcp({ cwd: need(box).cwd, env: env(), ...more });
      sessions.push(session);
      return session;
    },
  };
}
