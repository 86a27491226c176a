import { runSuite } from '../runSuite';

/** The Restricted Mode session: the same workspace, never trusted. */
export function run(): Promise<void> {
  return runSuite(__dirname);
}
