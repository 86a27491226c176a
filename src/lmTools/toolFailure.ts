import type { LmToolDeps } from './lmToolDeps';
import { toolErrorText } from './toolErrorText';

/** Logs a failed call and throws the Error whose message the model (and so the person) reads. */
export function toolFailure(deps: LmToolDeps, tool: string, err: unknown): never {
  const text = toolErrorText(err, deps.keyStore.knownSecrets());
  deps.log.error(`${tool}: ${text}`);
  throw new Error(text, { cause: err });
}
