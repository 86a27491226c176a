import * as vscode from 'vscode';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import { answerInputBoxes, withAnswers } from './windowAnswers';

/**
 * Mocha hooks for a suite that talks to the emulator, started inside this extension host: the user-level base URL
 * points at it, quality is low, the pace is high, and (unless `withKey` is false) the emulator's key is set through the
 * real command.
 */
export function useEmulatorSession(options: { withKey?: boolean } = {}): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  const config = () => vscode.workspace.getConfiguration('imageStudio');
  before(async () => {
    emulator = await startEmulator({ latencyScale: 0 });
    await config().update('baseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('quality', 'low', vscode.ConfigurationTarget.Global);
    // The suites together make more images than the default tier-1 pace (5 a minute) allows without waiting.
    await config().update('imagesPerMinute', 100, vscode.ConfigurationTarget.Global);
    if (options.withKey !== false)
      await withAnswers([answerInputBoxes([EMULATOR_TEST_KEY])], () =>
        vscode.commands.executeCommand('imageStudio.setApiKey'),
      );
  });
  after(async () => {
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('quality', undefined, vscode.ConfigurationTarget.Global);
    await config().update('imagesPerMinute', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('imageStudio.clearApiKey');
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error('the emulator session starts in before()');
    return emulator;
  };
}
