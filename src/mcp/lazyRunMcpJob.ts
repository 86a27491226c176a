/**
 * `runMcpJob`, required on the first paid tool call rather than when the server starts: it brings the engine (the API
 * client, saving, the ledger), which the server's first answer, `tools/list`, does not need (issue 14).
 */
import type * as RunMcpJobModule from './runMcpJob';

export const runMcpJob: typeof RunMcpJobModule.runMcpJob = (...args) =>
  (require('./runMcpJob') as typeof RunMcpJobModule).runMcpJob(...args);
