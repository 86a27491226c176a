/**
 * When the thin activation bundle began to evaluate: `src/extension.ts` imports this module first, so this line runs
 * before anything else of the extension's own code.
 */
export const bundleEvaluationStartedAt: number = performance.now();
