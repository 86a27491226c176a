/**
 * The thin entry (issue 14): `--help`, `--version` and unknown commands are answered without loading the commands'
 * bundle (zod, the SDKs, the engine), with the same text the commands print; the MCP server lists its tools without
 * evaluating the engine. What a process loaded is read from `require.cache` by a preload, at its exit.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { loadCommand } from '../../../src/cli/cliCommands';
import { EXIT, type CliIo } from '../../../src/cli/cliIo';
import { BATCH_SUBCOMMAND_HELPS } from '../../../src/cli/help/batchHelp';
import { COMMAND_HELPS } from '../../../src/cli/help/mainHelp';
import { CLI_VERSION } from '../../../src/cli/version';
import { repoRoot } from '../../host/paths';
import { CLI_MAIN } from './support';

const DIST_CLI = path.join(repoRoot, 'dist', 'cli.js');
const DIST_COMMANDS = path.join(repoRoot, 'dist', 'cliCommands.js');

const PRELOAD = `process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.LOADED_FILES_LOG, JSON.stringify(Object.keys(require.cache)));
});
`;

interface LoadedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every file the process required, as absolute paths. */
  readonly loaded: readonly string[];
}

describe('the CLI thin entry', function () {
  this.timeout(120_000);
  let root = '';
  let preload = '';
  let runs = 0;
  const nextLog = (): string => path.join(root, `loaded-${runs++}.json`);

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'image-studio-thin-'));
    preload = path.join(root, 'recordLoaded.js');
    writeFileSync(preload, PRELOAD);
    // The production bundles, as the .vsix and `bin` ship them.
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: repoRoot, stdio: 'pipe' });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** The files the process required, but the preload itself. */
  const loadedFiles = (log: string): string[] =>
    (JSON.parse(readFileSync(log, 'utf8')) as string[]).filter((file) => file !== preload);

  function run(entry: string, args: readonly string[]): LoadedRun {
    const log = nextLog();
    const result = spawnSync(process.execPath, ['--require', preload, entry, ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: root, XDG_CONFIG_HOME: root, LOADED_FILES_LOG: log },
      encoding: 'utf8',
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, loaded: loadedFiles(log) };
  }

  const ANSWERED_ALONE: readonly (readonly string[])[] = [
    [],
    ['--help'],
    ['-h'],
    ['help'],
    ['--version'],
    ['no-such-command'],
    ...COMMAND_HELPS.map((c) => [c.name, '--help']),
    ['generate', '-h'],
    ...BATCH_SUBCOMMAND_HELPS.map((c) => ['batch', c.name, '--help']),
  ];

  for (const args of ANSWERED_ALONE) {
    it(`answers \`image-studio ${args.join(' ')}\` from dist/cli.js without loading the commands' bundle`, () => {
      const { loaded, stdout, stderr } = run(DIST_CLI, args);
      assert.ok(stdout !== '' || stderr !== '', 'it printed nothing');
      assert.deepEqual(loaded, [DIST_CLI]);
    });
  }

  it('loads the commands bundle to run a command (the check above can see it)', () => {
    const { code, stdout, loaded } = run(DIST_CLI, ['usage', '--json']);
    assert.equal(code, EXIT.ok);
    assert.match(stdout, /"monthUsd":0/);
    assert.deepEqual(loaded, [DIST_CLI, DIST_COMMANDS]);
  });

  it('loads no package and none of the engine for --help from the compiled sources either', () => {
    const { code, loaded } = run(CLI_MAIN, ['generate', '--help']);
    assert.equal(code, EXIT.ok);
    const heavy = loaded.filter((file) => /node_modules|[\\/]core[\\/](engine|api|files)[\\/]|cliCommands/.test(file));
    assert.deepEqual(heavy, []);
  });

  it('prints --version as package.json has it', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(CLI_VERSION, manifest.version);
    assert.equal(run(DIST_CLI, ['--version']).stdout, `${manifest.version}\n`);
  });

  it('lists every command with its summary, and says the same as each command does for its --help', async () => {
    const main = run(DIST_CLI, ['--help']).stdout;
    for (const help of COMMAND_HELPS) {
      assert.match(main, new RegExp(`\\n {2}${help.name} +${help.summary.replace(/[()]/g, '\\$&')}\\n`));
      const command = loadCommand(help.name);
      assert.ok(command, `no command ${help.name}`);
      let printed = '';
      const io: CliIo = {
        cwd: root,
        env: {},
        stdout: (text) => (printed += text),
        stderr: (text) => assert.fail(`stderr: ${text}`),
        interactive: false,
        ask: () => Promise.reject(new Error('not asked')),
        signal: new AbortController().signal,
        now: () => new Date(),
      };
      assert.equal(await command.run(['--help'], io), EXIT.ok);
      assert.equal(run(DIST_CLI, [help.name, '--help']).stdout, printed);
    }
  });

  it('keeps the clear error for an unknown command', () => {
    const { code, stdout, stderr } = run(DIST_CLI, ['genrate', 'a fox']);
    assert.equal(code, EXIT.usage);
    assert.equal(stdout, '');
    assert.match(stderr, /^Unknown command "genrate"\.\nUsage: image-studio <command>/);
  });

  it('lists the MCP tools without evaluating the engine or the image decoder', async () => {
    const log = nextLog();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--require', preload, CLI_MAIN, 'mcp', '--workspace', root],
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: root, XDG_CONFIG_HOME: root, LOADED_FILES_LOG: log },
      stderr: 'ignore',
    });
    const client = new Client({ name: 'image-studio-test', version: '1.0.0' });
    const exited = new Promise<void>((resolve) => (transport.onclose = resolve));
    await client.connect(transport);
    const { tools } = await client.listTools();
    assert.equal(tools.length, 4);
    await client.close();
    await exited;
    const loaded = loadedFiles(log);
    const early = loaded.filter((file) =>
      /[\\/]core[\\/]engine[\\/]runImageJob|[\\/]core[\\/]files[\\/]manifest|[\\/]mcp[\\/]runMcpJob|jpeg-js/.test(file),
    );
    assert.deepEqual(early, []);
    assert.ok(loaded.some((file) => file.endsWith(path.join('mcp', 'generateImageTool.js'))));
  });
});
