/**
 * The parts of the openai SDK the engine uses at run time, in one module that `openaiSdk.ts` requires on first use.
 * Naming them lets esbuild leave out the rest, and the extension's build makes this module `dist/openai.js`.
 */
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AzureOpenAI,
  OpenAI,
  OpenAIError,
  toFile,
} from 'openai';
