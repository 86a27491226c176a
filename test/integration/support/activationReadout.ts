import * as vscode from 'vscode';
import type { ImageStudioApi } from '../../../src/extension';
import type { ActivationReadout } from '../../../src/vscode/activationReadout';

/**
 * What activation cost and which lazy bundles are loaded now, read inside a test-mode extension host (the
 * integration sessions and the host bench). Activates the extension first if nothing has yet.
 */
export async function readActivation(): Promise<ActivationReadout> {
  const extension = vscode.extensions.getExtension<ImageStudioApi>('image-studio-dev.image-studio');
  if (!extension) throw new Error('Image Studio is not installed in this extension host');
  const api = await extension.activate();
  if (!api.activationReadout)
    throw new Error('the activation readout exists only when the extension runs in test mode');
  return api.activationReadout();
}
