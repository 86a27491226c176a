/** Checks the key: `Authorization: Bearer` on OpenAI paths, the `api-key` header (or a bearer token) on Azure paths. */
import type { IncomingHttpHeaders } from 'node:http';
import { azureAccessDenied, incorrectApiKey, missingApiKey, type EmulatorError } from './errors';
import { maskKey } from './keyRedaction';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const auth = header(headers, 'authorization');
  if (auth === undefined) return undefined;
  const m = /^Bearer\s+(.*)$/i.exec(auth.trim());
  return m ? (m[1] ?? '').trim() : '';
}

/** Undefined when the key matches, else the 401 to answer. */
export function checkKey(headers: IncomingHttpHeaders, expected: string, azure: boolean): EmulatorError | undefined {
  if (azure) {
    const key = header(headers, 'api-key') ?? bearer(headers);
    return key === expected ? undefined : azureAccessDenied();
  }
  const key = bearer(headers);
  if (key === undefined || key === '') return missingApiKey();
  return key === expected ? undefined : incorrectApiKey(maskKey(key));
}
