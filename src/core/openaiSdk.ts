/**
 * The openai SDK, loaded on first use: evaluating it costs about 140 ms, so the extension's activation and every
 * free command stay without it and only a paid call (or mapping an SDK failure) pays that once.
 */
import type * as OpenAISdkExports from './openaiSdkExports';

export type OpenAISdkModule = typeof OpenAISdkExports;

let sdk: OpenAISdkModule | undefined;

/** The SDK's classes and helpers; the first call evaluates them (in the extension, from `dist/openai.js`). */
export function openaiSdk(): OpenAISdkModule {
  // A plain require keeps evaluation lazy in every build: esbuild wraps a required module so it runs on first call.
  sdk ??= require('./openaiSdkExports') as OpenAISdkModule;
  return sdk;
}
