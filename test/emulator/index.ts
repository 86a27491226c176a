/** The OpenAI Images API emulator: start it from tests with `startEmulator`, or from the shell with cli.ts. */
export { startEmulator, type RunningEmulator } from './server';
export type { EmulatorOptions } from './options';
export { FaultScript, type Fault, type FaultMatch } from './faults';
export type { RequestLogEntry, LoggedFile } from './requestLog';
export {
  EMULATOR_TEST_KEY,
  EMULATOR_MODERATION_MARKER,
  EMULATOR_MODERATION_CATEGORIES,
  EMULATOR_DEFAULT_PORT,
} from './constants';
export { MODELS, listModels } from './models';
export { maskKey } from './keyRedaction';
