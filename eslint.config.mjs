// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  name: 'vscode',
  message:
    'This layer must stay free of VS Code (the CLI, plain-Node unit tests and the webview load it). ' +
    'Take what you need through a deps interface.',
};
const noNode = {
  group: ['node:*'],
  message: 'This code runs in the webview (a browser): Node modules do not exist there.',
};
// The facts every layer shares (src/facts) and the panel protocol run in the webview too; reaching into the engine or
// the host from there would pull Node and VS Code into the browser bundle.
const onlyFacts = {
  group: ['../*', '!../facts', '!../facts/*'],
  message: 'The panel protocol imports only zod, itself and src/facts (the facts every layer shares).',
};
const factsStandAlone = {
  group: ['../*', 'openai', 'openai/*'],
  message: 'src/facts holds plain data that every layer and the webview import: it imports nothing but zod.',
};
const noFs = [
  { name: 'fs', message: 'Use vscode.workspace.fs so remote and virtual workspaces work (F6).' },
  { name: 'node:fs', message: 'Use vscode.workspace.fs so remote and virtual workspaces work (F6).' },
  { name: 'fs/promises', message: 'Use vscode.workspace.fs so remote and virtual workspaces work (F6).' },
  { name: 'node:fs/promises', message: 'Use vscode.workspace.fs so remote and virtual workspaces work (F6).' },
];

// The extension takes one thing from the MCP room: the plain-text client configuration (no SDK in its bundle).
const onlyMcpClientConfig = {
  group: ['../mcp/*', '!../mcp/mcpClientConfig', './mcp/*', '!./mcp/mcpClientConfig'],
  message: 'VS Code code imports only src/mcp/mcpClientConfig.ts from the MCP room (the server is the CLI).',
};

// The engine's folders in layers: each may import only those listed for it (and `errors.ts` at the root of core).
const CORE_FOLDERS = ['request', 'secrets', 'text', 'images', 'api', 'files', 'spend', 'engine', 'tools'];
const CORE_FOLDER_IMPORTS = {
  request: [],
  secrets: [],
  text: [],
  images: ['request'],
  api: ['request', 'secrets'],
  files: ['request', 'secrets'],
  spend: ['files', 'request', 'secrets'],
  engine: ['api', 'files', 'request', 'secrets', 'spend', 'text'],
  tools: ['engine', 'files', 'images', 'request', 'spend', 'text'],
};
const coreFolderLayers = Object.entries(CORE_FOLDER_IMPORTS).map(([folder, allowed]) => ({
  files: [`src/core/${folder}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [noVscode],
        patterns: CORE_FOLDERS.filter((other) => other !== folder && !allowed.includes(other)).map((other) => ({
          group: [`../${other}/*`],
          message: `src/core/${folder} sits below src/core/${other} (see CONVENTIONS.md, "The engine's folders").`,
        })),
      },
    ],
  },
}));

// The thin activation bundle (`dist/extension.js`): what it imports as a value is evaluated at every window start, so
// it takes only VS Code, node:path, the id lists and its own modules; everything else crosses the seam as a type and
// is required on first need from `dist/workbench.js` (CONVENTIONS.md, "The activation seam").
const THIN_ACTIVATION_FILES = [
  'src/extension.ts',
  'src/vscode/activationClock.ts',
  'src/vscode/activationReadout.ts',
  'src/vscode/lazyWorkbench.ts',
];
const thinActivationOnly = {
  regex:
    '^(?!(vscode|node:path|\\./vscode/(activationClock|activationReadout|lazyWorkbench)|\\./activationReadout|' +
    '\\.\\./commands/ids|\\.\\./lmTools/toolNames)$)',
  allowTypeImports: true,
  message:
    'The thin activation bundle evaluates its imports at every window start: import this as a type only and ' +
    'reach it through the workbench (src/vscode/workbench.ts), loaded on first need.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'coverage/**',
      '.vscode-test/**',
      'test-output/**',
      'node_modules/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use crypto for nonces and names (W2).' },
      ],
    },
  },
  {
    // Type-aware: a promise nobody awaits loses its error, and a switch over a union must name every member.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Bundled code only: tests may import zod's classes by name.
    files: ['src/**', 'media/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier",
          message:
            "Write `import * as z from 'zod'`: esbuild can then drop the parts of zod we do not use " +
            '(about 450 KB down to 100 KB per bundle).',
        },
      ],
    },
  },
  {
    // src/mcp is the MCP server room: like the CLI, words over the engine, never VS Code.
    files: [
      'src/core/**',
      'src/cli/**',
      'src/mcp/**',
      'test/unit/**',
      'src/panel/renderHtml.ts',
      'src/vscode/errorWords.ts',
      'src/vscode/localDiskUri.ts',
      'test/emulator/**',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  ...coreFolderLayers,
  {
    // The CLI's thin entry answers --help and --version without the commands' bundle (zod, the SDKs, the engine):
    // its help text imports only its siblings, the facts and the model table.
    files: ['src/cli/help/**', 'src/cli/version.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./\\.\\./facts/|\\.\\./\\.\\./core/request/models$)',
              message: 'Help text stays plain: no zod, SDK or engine behind it (see src/cli/main.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!node:|\\./help/|\\./cliIo$|\\./version$)',
              allowTypeImports: true,
              message: 'The thin entry requires the commands (./cliCommands) only to run one: import types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/commands/**', 'src/panel/**', 'src/vscode/**', 'src/lmTools/**', 'src/extension.ts'],
    ignores: ['src/panel/renderHtml.ts', 'src/vscode/errorWords.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noFs, patterns: [onlyMcpClientConfig] }] },
  },
  {
    // The SDK costs about 140 ms to evaluate: the engine names its values only through openaiSdk(), on first use.
    files: ['src/core/**'],
    ignores: ['src/core/openaiSdkExports.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'openai',
              allowTypeImports: true,
              message: 'Take the SDK from openaiSdk() (src/core/openaiSdk.ts) so it loads on the first paid call.',
            },
          ],
        },
      ],
    },
  },
  {
    files: THIN_ACTIVATION_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [thinActivationOnly] }] },
  },
  {
    files: ['src/protocol/**', 'media/**', 'src/facts/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noNode] }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use crypto for nonces and names (W2).' },
        { property: 'innerHTML', message: 'Build nodes with createElement and textContent (W4).' },
        { property: 'outerHTML', message: 'Build nodes with createElement and textContent (W4).' },
        { property: 'insertAdjacentHTML', message: 'Build nodes with createElement and textContent (W4).' },
        { object: 'document', property: 'write', message: 'Build nodes with createElement and textContent (W4).' },
      ],
    },
  },
  {
    files: ['src/protocol/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noNode, onlyFacts] }] },
  },
  {
    files: ['src/facts/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noNode, factsStandAlone] }] },
  },
  {
    files: ['esbuild.js', 'scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
