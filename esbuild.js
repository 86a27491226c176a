//@ts-check
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form VS Code's esbuild problem matcher reads. */
/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** Marks a bundle executable after each build, so `bin` works straight from a checkout. */
/** @returns {import('esbuild').Plugin} */
function executable(file) {
  return {
    name: 'executable',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length === 0 && fs.existsSync(file)) fs.chmodSync(file, 0o755);
      });
    },
  };
}

/**
 * Leaves the requires that `filter` matches to the bundle of that name next to this one, so its code is read and
 * evaluated only when the require runs, not at start with the rest of this bundle.
 */
/** @returns {import('esbuild').Plugin} */
function siblingBundle(filter) {
  return {
    name: 'sibling-bundle',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** The workbench's lazy require of the SDK (`src/core/openaiSdk.ts`) loads the sibling `dist/openai.js` instead. */
/** @type {import('esbuild').Plugin} */
const openaiApart = {
  name: 'openai-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/openaiSdkExports$/ }, (args) =>
      args.kind === 'require-call' ? { path: './openai.js', external: true } : undefined,
    );
  },
};

// What the thin activation bundle must never contain: each costs tens of milliseconds to evaluate at every start.
const HEAVY_IN_THIN = [/node_modules[\\/]zod[\\/]/, /node_modules[\\/]openai[\\/]/, /^src[\\/]core[\\/]/];

/** Fails the build when something heavy reaches `dist/extension.js` (a value import across the seam, say). */
/** @type {import('esbuild').Plugin} */
const thinActivation = {
  name: 'thin-activation',
  setup(build) {
    build.onEnd((result) => {
      const inputs = Object.keys(result.metafile?.inputs ?? {});
      const heavy = inputs.filter((input) => HEAVY_IN_THIN.some((pattern) => pattern.test(input)));
      if (heavy.length > 0) {
        result.errors.push({
          id: 'thin-activation',
          pluginName: 'thin-activation',
          text: `dist/extension.js must stay thin (CONVENTIONS.md, the seam) but bundles ${heavy.join(', ')}`,
          location: null,
          notes: [],
          detail: undefined,
        });
      }
    });
  },
};

/** Codicons are served to the webview from dist/, the only folder it may load from. */
function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemMatcher],
};

async function main() {
  const contexts = await Promise.all([
    // The extension is three bundles, each evaluated only when first needed (see the seam in CONVENTIONS.md): the
    // thin activation, the workbench it requires on first use, and the openai SDK the workbench requires on the
    // first paid call.
    esbuild.context({
      ...shared,
      entryPoints: { extension: 'src/extension.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['vscode'],
      metafile: true,
      plugins: [thinActivation, problemMatcher],
    }),
    esbuild.context({
      ...shared,
      entryPoints: { workbench: 'src/vscode/workbench.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['vscode'],
      plugins: [problemMatcher, openaiApart],
    }),
    esbuild.context({
      ...shared,
      entryPoints: { openai: 'src/core/openaiSdkExports.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node22',
    }),
    esbuild.context({
      ...shared,
      // The command line (`bin`, and the MCP server the .vsix ships): a thin entry that answers --help itself and
      // requires the commands' bundle below only to run one, so help and an agent's first answer start fast.
      entryPoints: { cli: 'src/cli/main.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      banner: { js: '#!/usr/bin/env node' },
      plugins: [problemMatcher, executable('dist/cli.js'), siblingBundle(/^\.\/cliCommands$/)],
    }),
    esbuild.context({
      ...shared,
      // The commands, with zod, the SDKs and the engine: required by dist/cli.js, never run on their own.
      entryPoints: { cliCommands: 'src/cli/cliCommands.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node22',
    }),
    esbuild.context({
      ...shared,
      entryPoints: [
        { in: 'media/main.ts', out: 'webview' },
        { in: 'media/main.css', out: 'webview' },
      ],
      outdir: 'dist',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      loader: { '.css': 'css' },
    }),
  ]);
  copyCodicons();
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    const results = await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
    if (results.some((r) => r.errors.length > 0)) process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
