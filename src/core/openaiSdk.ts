/**
 * The openai SDK, loaded on first use: evaluating it costs about 140 ms, so the extension's activation and every
 * free command stay without it and only a paid call (or mapping an SDK failure) pays that once.
 */
import type * as OpenAISdk from 'openai';

export type OpenAISdkModule = typeof OpenAISdk;

let sdk: OpenAISdkModule | undefined;

/** The SDK's exports; the first call evaluates the module (the extension's build puts it in `dist/openai.js`). */
export function openaiSdk(): OpenAISdkModule {
  // A plain require keeps evaluation lazy in every build: esbuild wraps a required module so it runs on first call.
  sdk ??= require('openai') as OpenAISdkModule;
  return sdk;
}
