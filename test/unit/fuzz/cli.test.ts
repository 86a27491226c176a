import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import * as z from 'zod';
import { parseBatchIdArgs } from '../../../src/cli/batchFlags';
import { writeBatchRecord } from '../../../src/cli/batchRecord';
import { EXIT, type CliIo } from '../../../src/cli/cliIo';
import { imageFlagOptions, imageFlagsShape } from '../../../src/cli/imageFlags';
import { jobFlagOptions, jobFlagsShape } from '../../../src/cli/jobFlags';
import { runCli } from '../../../src/cli/main';
import { parseFlags } from '../../../src/cli/parseFlags';
import { UsageError } from '../../../src/cli/usageError';
import { parseImageRequest } from '../../../src/core/request/imageRequest';
import { appendManifestEntry } from '../../../src/core/files/manifest';
import { createNodeFileStore } from '../../../src/core/files/nodeFileStore';
import { requestHash } from '../../../src/core/request/requestHash';
import { solidImage } from '../support/images';
import { hostileText, printable } from './arbitraries';
import { checkProperty } from './checkProperty';

const NOW = new Date(2026, 10, 30, 9, 5, 7);

/** Plausible and near-miss values per flag, so that many argument lists parse and reach the commands. */
const FLAG_VALUES: Readonly<Record<string, readonly string[]>> = {
  model: ['gpt-image-2', 'gpt-image-1', 'gpt-image-2.5-flare', '  ', 'dall-e-3'],
  size: ['auto', '1024x1024', '1536x1024', '3840x2160', '16x16', '99999x99999', '1024X1024', '1024'],
  quality: ['auto', 'low', 'high', 'max', 'ultra'],
  background: ['auto', 'transparent', 'none'],
  format: ['png', 'jpeg', 'webp', 'gif'],
  compression: ['0', '80', '100', '101', '-1', '1e2', ' 5', '\u0665'],
  moderation: ['auto', 'low', 'high'],
  n: ['1', '2', '10', '11', '0', '1.5', '0x2'],
  'output-folder': [
    'ignore',
    'images/out',
    '../outside',
    '/etc',
    'a\\..\\..',
    '%2e%2e',
    'x'.repeat(300),
    '.imagestudio',
    '.',
  ],
  'base-url': ['http://127.0.0.1:9/v1', 'https://api.openai.com/v1', 'ftp://x', 'javascript:alert(1)', 'not a url'],
  'images-per-minute': ['1', '5', '10000', '0', '10001', 'x'],
  'monthly-budget': ['0', '10', '-1', 'NaN', 'Infinity', ''],
  'confirm-above': ['0', '0.5', '-0', '1e309'],
  prompt: ['a fox', '', '  ', '--yes'],
  workspace: ['.', '/', '../x', ''],
  mask: ['mask.png', '../mask.png', '/etc/passwd'],
  recent: ['0', '5', '20', '21', '-1'],
};
const BOOLEAN_FLAGS = ['no-cache', 'json', 'yes', 'stream', 'help'];
const ODD_TOKENS = [
  '-y',
  '-h',
  '-yh',
  '-hy',
  '-x',
  '--',
  '---',
  '-',
  '--no-json',
  '--Model',
  '--sise',
  '--=x',
  '--yes=false',
  '--json=1',
  '--help=no',
];

const flagValue = (name: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(FLAG_VALUES[name] ?? ['x'])) },
    { weight: 1, arbitrary: hostileText({ allowLong: false }) },
  );

/**
 * One flag of `names` as a person (or a script) might spell it: `--f v`, `--f=v`, a boolean, a missing value, or
 * something odd.
 */
function flagTokens(names: readonly string[]): fc.Arbitrary<string[]> {
  const valued = names.filter((name) => name in FLAG_VALUES);
  const booleans = names.filter((name) => BOOLEAN_FLAGS.includes(name));
  return fc.oneof(
    {
      weight: valued.length > 0 ? 6 : 0,
      arbitrary: fc
        .constantFrom(...(valued.length > 0 ? valued : ['model']))
        .chain((name) =>
          fc
            .tuple(fc.boolean(), flagValue(name))
            .map(([inline, value]) => (inline ? [`--${name}=${value}`] : [`--${name}`, value])),
        ),
    },
    { weight: 3, arbitrary: fc.constantFrom(...booleans, 'help').map((name) => [`--${name}`]) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...ODD_TOKENS, ...Object.keys(FLAG_VALUES).map((name) => `--${name}`))
        .map((token) => [token]),
    },
  );
}

const IMAGE_FLAGS = ['model', 'size', 'quality', 'background', 'format', 'compression', 'moderation', 'n'];
const JOB_FLAGS = [
  'output-folder',
  'no-cache',
  'json',
  'yes',
  'base-url',
  'images-per-minute',
  'monthly-budget',
  'confirm-above',
];
/**
 * Each command with the flags it takes and the positionals it may get: most argument lists then parse and reach the
 * command.
 */
const COMMANDS: readonly {
  readonly argv: readonly string[];
  readonly flags: readonly string[];
  readonly positionals: readonly string[];
  readonly usually?: readonly string[];
}[] = [
  {
    argv: ['generate'],
    flags: [...IMAGE_FLAGS, ...JOB_FLAGS, 'stream'],
    positionals: ['a red fox', 'a\u0000b', 'x'.repeat(40_000)],
  },
  {
    argv: ['edit'],
    flags: [...IMAGE_FLAGS.filter((f) => f !== 'moderation'), ...JOB_FLAGS, 'prompt', 'mask', 'stream'],
    positionals: ['a.png', 'b.png', 'missing.png', '../a.png', 'notes.txt'],
    usually: ['--prompt', 'make it red'],
  },
  {
    argv: ['regenerate-missing'],
    flags: ['yes', 'base-url', 'images-per-minute', 'monthly-budget'],
    positionals: ['x'],
  },
  { argv: ['usage'], flags: ['json', 'recent'], positionals: ['x'] },
  {
    argv: ['batch', 'submit'],
    flags: [...IMAGE_FLAGS, 'json', 'base-url', 'output-folder', 'yes'],
    positionals: ['prompts.txt', 'prompts.jsonl', 'missing.txt', 'a.png'],
  },
  {
    argv: ['batch', 'status'],
    flags: ['json', 'base-url'],
    positionals: ['batch_abc123', 'batch/../x', '', 'x'.repeat(101)],
  },
  { argv: ['batch', 'fetch'], flags: ['json', 'base-url'], positionals: ['batch_abc123', 'batch_recorded', '..'] },
];
const positional = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: hostileText({ allowLong: false }) },
  );
const commandLine: fc.Arbitrary<string[]> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .constantFrom(...COMMANDS)
      .chain((command) =>
        fc
          .tuple(
            fc.array(
              fc.oneof(
                { weight: 3, arbitrary: flagTokens(command.flags) },
                { weight: 2, arbitrary: positional(command.positionals).map((p) => [p]) },
              ),
              { maxLength: 7 },
            ),
            fc.integer({ min: 0, max: 3 }),
          )
          .map(([parts, required]) => [
            ...command.argv,
            ...(required > 0 ? (command.usually ?? []) : []),
            ...parts.flat(),
          ]),
      ),
  },
  // The top level itself: help, nothing, a command it does not know, `batch` without a subcommand.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(['help'], ['--help'], ['-h'], [], ['batch'], ['batch', '--help'], ['generat'], ['GENERATE']),
        fc.array(positional(['x', '--json']), { maxLength: 2 }),
      )
      .map(([head, rest]) => [...head, ...rest]),
  },
);
const argumentList: fc.Arbitrary<string[]> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: flagTokens([...IMAGE_FLAGS, ...JOB_FLAGS, 'stream', 'workspace']) },
      { weight: 1, arbitrary: positional(['a red fox', 'batch_abc123', '']).map((p) => [p]) },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.flat());

const generateSchema = z.object({ ...imageFlagsShape, ...jobFlagsShape, stream: z.boolean().default(false) }).strict();
const generateOptions = { ...imageFlagOptions, ...jobFlagOptions, stream: { type: 'boolean' } } as const;

interface Capture {
  readonly io: CliIo;
  stdout: string;
  stderr: string;
}

function capture(cwd: string, env: Record<string, string>): Capture {
  const out: Capture = {
    io: {
      cwd,
      env,
      stdout: (text) => {
        out.stdout += text;
      },
      stderr: (text) => {
        out.stderr += text;
      },
      interactive: false,
      ask: () => Promise.reject(new Error('no terminal in the fuzz run')),
      signal: new AbortController().signal,
      now: () => NOW,
    },
    stdout: '',
    stderr: '',
  };
  return out;
}

/** Every entry under `folder` with its kind, not following symlinks. */
function listing(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .map(
      (entry) =>
        `${path.relative(folder, path.join(entry.parentPath, entry.name))} ${entry.isDirectory() ? 'dir' : 'file'}`,
    )
    .sort();
}

describe('fuzz: CLI arguments', function () {
  this.timeout(120_000);

  it('parseFlags gives flags within their ranges, or a UsageError; never another exception', async () => {
    await checkProperty(
      'parseFlags for generate',
      fc.property(argumentList, (args) => {
        let parsed: ReturnType<typeof parseFlags<typeof generateSchema>>;
        try {
          parsed = parseFlags(args, generateOptions, generateSchema);
        } catch (err) {
          assert.ok(
            err instanceof UsageError,
            `${printable(args)} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
          );
          assert.ok(err.message.trim() !== '', 'a usage error says what is wrong');
          return;
        }
        if (parsed.help) return;
        const { flags } = parsed;
        if (flags.n !== undefined)
          assert.ok(Number.isInteger(flags.n) && flags.n >= 1 && flags.n <= 10, `n ${flags.n}`);
        if (flags.compression !== undefined)
          assert.ok(Number.isInteger(flags.compression) && flags.compression >= 0 && flags.compression <= 100);
        if (flags.size !== undefined) assert.match(flags.size, /^(auto|\d{2,5}x\d{2,5})$/);
        assert.ok(
          Number.isInteger(flags['images-per-minute']) &&
            flags['images-per-minute'] >= 1 &&
            flags['images-per-minute'] <= 10_000,
        );
        assert.ok(flags['output-folder'].length > 0);
        if (flags['base-url'] !== undefined) assert.match(flags['base-url'], /^https?:/);
        for (const value of parsed.positionals) assert.equal(typeof value, 'string');
      }),
    );
  });

  it('parseBatchIdArgs gives one id or a UsageError; never another exception', async () => {
    const io = capture('/tmp', {}).io;
    await checkProperty(
      'parseBatchIdArgs',
      fc.property(argumentList, (args) => {
        try {
          const parsed = parseBatchIdArgs(args, io, 'help');
          if (parsed) assert.equal(typeof parsed.id, 'string');
        } catch (err) {
          assert.ok(
            err instanceof UsageError,
            `${printable(args)} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
          );
        }
      }),
    );
  });

  describe('runCli in-process, with no key and a throwaway workspace', () => {
    let root = '';
    let workspace = '';
    let env: Record<string, string> = {};
    before(async () => {
      const png = await solidImage('png');
      root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'imagestudio-fuzz-cli-')));
      workspace = path.join(root, 'ws');
      fs.mkdirSync(workspace);
      // What the commands read: images to edit, prompts files, a manifest whose image is missing, a batch record.
      fs.writeFileSync(path.join(workspace, 'a.png'), png);
      fs.writeFileSync(path.join(workspace, 'b.png'), png);
      fs.writeFileSync(path.join(workspace, 'notes.txt'), 'not an image');
      fs.writeFileSync(path.join(workspace, 'prompts.txt'), 'a red fox\n# a comment\n\nblue sky over a lake\n');
      fs.writeFileSync(
        path.join(workspace, 'prompts.jsonl'),
        '{"prompt": "a red fox", "size": "1536x1024"}\n{"prompt": "x", "n": 11}\n',
      );
      const request = parseImageRequest(
        { kind: 'generate', prompt: 'a red fox', model: 'gpt-image-2', size: '1024x1024', quality: 'low' },
        NOW,
      );
      if (request.kind !== 'generate') throw new Error('a generate request parsed as an edit');
      const location = { store: createNodeFileStore(), workspaceRoot: workspace };
      await appendManifestEntry({
        ...location,
        now: NOW,
        entry: {
          id: 'aaaabbbbccccdddd',
          file: 'ignore/20261130-090507-a-red-fox-beef.png',
          prompt: request.prompt,
          model: request.model,
          kind: 'generate',
          options: {
            size: request.size,
            quality: request.quality,
            background: request.background,
            outputFormat: request.outputFormat,
          },
          requestHash: requestHash(request),
          createdAt: NOW.toISOString(),
        },
      });
      await writeBatchRecord(location, {
        version: 1,
        batchId: 'batch_recorded',
        inputFileId: 'file-1',
        endpoint: '/v1/images/generations',
        submittedAt: NOW.toISOString(),
        outputFolder: 'ignore',
        estimateUsd: 0.01,
        items: [{ customId: 'line-1', line: 1, request }],
        saved: {},
        failed: {},
      });
      fs.mkdirSync(path.join(root, 'outside'));
      fs.writeFileSync(path.join(root, 'outside', 'keep.txt'), 'not yours');
      // No OPENAI_API_KEY and no .env: nothing can be sent, so the run is free and offline.
      env = { HOME: path.join(root, 'home'), XDG_CONFIG_HOME: path.join(root, 'config') };
    });
    after(() => {
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('exits 0, 1 or 2 with a message, never a raw exception; writes nothing beside the workspace', async () => {
      const outsideBefore = listing(path.join(root, 'outside'));
      // The workspace is pinned (a --workspace could point anywhere on this machine), and device files could block a
      // read forever.
      const safe = commandLine.map((argv) =>
        argv.filter((arg) => !arg.startsWith('--workspace') && !/^\/(dev|proc|sys)\b/.test(arg)),
      );
      await checkProperty(
        'runCli',
        fc.asyncProperty(safe, async (argv) => {
          const run = capture(workspace, env);
          const code = await runCli(argv, run.io);
          assert.ok(
            ([EXIT.ok, EXIT.failure, EXIT.usage] as number[]).includes(code),
            `exit ${code} for ${printable(argv)}`,
          );
          // No arguments at all prints the command list on stdout (exit 2); every other failure says why on stderr.
          if (code !== EXIT.ok)
            assert.ok(
              (argv.length === 0 ? run.stdout : run.stderr).trim() !== '',
              `exit ${code} without a message for ${printable(argv)}`,
            );
          // reportError prints `Error: ` only for something that is neither a usage error nor an ImageStudioError.
          assert.doesNotMatch(
            run.stderr,
            /^Error: /m,
            `an unexpected exception for ${printable(argv)}: ${printable(run.stderr)}`,
          );
          assert.deepEqual(
            fs
              .readdirSync(root)
              .sort()
              .filter((name) => !['ws', 'config', 'home'].includes(name)),
            ['outside'],
            `something appeared beside the workspace for ${printable(argv)}`,
          );
          assert.deepEqual(
            listing(path.join(root, 'outside')),
            outsideBefore,
            `something was written outside the workspace for ${printable(argv)}`,
          );
        }),
      );
    });
  });
});
