import * as path from 'node:path';

/** The bundles `dist/extension.js` loads only on first need, as their files sit beside it. */
export const lazyBundles = { workbench: 'workbench.js', openai: 'openai.js' } as const;

export type LazyBundle = keyof typeof lazyBundles;

/** Which lazy bundles this extension host has evaluated, by name. */
export type LoadedBundles = Readonly<Record<LazyBundle, boolean>>;

/** What activation cost and what it loaded, for `npm run bench` and the integration tests (test mode only). */
export interface ActivationReadout {
  /**
   * The extension's own time on the host's thread to activate, in milliseconds (`performance.now()`): evaluating the
   * thin bundle plus running `activate`. The host's own wait between the two (it prepares the context) is left out.
   */
  readonly activationMs: number;
  /** From the thin bundle's first statement to its last. */
  readonly bundleEvaluationMs: number;
  /** From `activate` being called to it returning. */
  readonly activateMs: number;
  /** The lazy bundles loaded when `activate` returned (none, by design). */
  readonly loadedAtActivation: LoadedBundles;
  /** The lazy bundles loaded now. */
  readonly loadedNow: LoadedBundles;
  /** How long requiring and starting the workbench took, once it was (it runs right after activation). */
  readonly workbenchStartMs?: number;
}

/**
 * Whether each lazy bundle is in Node's module cache: a bundle is evaluated exactly when it is first required, so
 * this tells what was loaded without the bundles having to report it.
 */
export function loadedBundles(distFolder: string): LoadedBundles {
  const loaded = (file: string) => require.cache[path.join(distFolder, file)] !== undefined;
  return { workbench: loaded(lazyBundles.workbench), openai: loaded(lazyBundles.openai) };
}
