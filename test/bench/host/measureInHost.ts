import { watch } from 'node:fs';
import * as vscode from 'vscode';
import { startEmulator, EMULATOR_TEST_KEY, type RunningEmulator } from '../../emulator';
import type { ImageStudioApi } from '../../../src/extension';
import { answerInputBoxes, withAnswers } from '../../integration/support/windowAnswers';
import { readActivation } from '../../integration/support/activationReadout';
import { waitFor } from '../../support/waitFor';
import { median, type BenchResult } from '../benchResult';

const EXTENSION_ID = 'image-studio-dev.image-studio';
// Links timed: enough for a stable median, few enough to keep the bench short.
const LINK_RUNS = 9;

/**
 * Everything measured in the real host, in order: activation (before any paid job loads the SDK), then the panel's
 * first render, since it happens once, then the links.
 */
export async function measureInHost(): Promise<BenchResult[]> {
  const api = await vscode.extensions.getExtension<ImageStudioApi>(EXTENSION_ID)!.activate();
  const activation = await activationLine();
  const emulator = await startEmulator({ latencyScale: 0, photoGrain: true });
  const config = vscode.workspace.getConfiguration('imageStudio');
  await config.update('baseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Global);
  await config.update('quality', 'low', vscode.ConfigurationTarget.Global);
  await config.update('imagesPerMinute', 1000, vscode.ConfigurationTarget.Global);
  await withAnswers([answerInputBoxes([EMULATOR_TEST_KEY])], () =>
    vscode.commands.executeCommand('imageStudio.setApiKey'),
  );
  try {
    const panel = await panelFirstRender(api);
    const link = await linkAfterAnswer(emulator);
    const sdkAfterJob = (await readActivation()).loadedNow.openai;
    return [
      { ...activation, detail: `${activation.detail}; the SDK loaded after the first paid job: ${sdkAfterJob}` },
      panel,
      link,
    ];
  } finally {
    await emulator.close();
  }
}

/** The extension's own time to activate (thin bundle and `activate`), and what had loaded by then. */
async function activationLine(): Promise<BenchResult> {
  const readout = await readActivation();
  const loaded = (bundles: Record<string, boolean>): string =>
    Object.entries(bundles)
      .filter(([, yes]) => yes)
      .map(([name]) => name)
      .join(' and ') || 'nothing lazy';
  return {
    name: 'activation (thin bundle + activate, real host) / 10 ms',
    ratio: readout.activationMs / 10,
    target: { op: '<=', value: 1 },
    detail:
      `${readout.activationMs.toFixed(1)} ms (bundle ${readout.bundleEvaluationMs.toFixed(1)}, activate ` +
      `${readout.activateMs.toFixed(1)}); loaded at activation: ${loaded(readout.loadedAtActivation)}; the workbench ` +
      `then started in ${readout.workbenchStartMs?.toFixed(0) ?? '?'} ms; loaded before any job: ` +
      loaded(readout.loadedNow),
  };
}

/** From asking for the panel to the page's first `ready`, then the host's first state for it. */
async function panelFirstRender(api: ImageStudioApi): Promise<BenchResult> {
  if (!api.panelTestHook) throw new Error('the panel test hook exists only in test mode');
  const hook = await api.panelTestHook();
  const started = performance.now();
  await vscode.commands.executeCommand('imageStudio.openPanel');
  await waitFor(
    'the panel to say ready and receive its first state',
    (onEvent) => {
      const subscription = hook.onDidPost(onEvent);
      return () => subscription.dispose();
    },
    () => hook.isReady() && hook.posted().some((message) => message.type === 'state'),
    60_000,
  );
  const ms = performance.now() - started;
  return {
    name: 'panel first render (open to first state, real host)',
    ratio: ms,
    detail: `${ms.toFixed(0)} ms from the command to the page's ready and the host's first state`,
  };
}

/**
 * Generate Image from the palette into a Markdown document: from the emulator handing the answer's last byte to the
 * socket (same process, same clock) to the link appearing in the document.
 */
async function linkAfterAnswer(emulator: RunningEmulator): Promise<BenchResult> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('the bench runs in a workspace');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'docs', 'notes.md'));
  const editor = await vscode.window.showTextDocument(doc);
  const delays: number[] = [];
  const savedAfter: number[] = [];
  let firstDelay = 0;
  // When each image file appears (renamed into place), to tell saving from linking.
  const savedAt = new Map<string, number>();
  const outputFolder = vscode.Uri.joinPath(folder, 'ignore').fsPath;
  await vscode.workspace.fs.createDirectory(vscode.Uri.file(outputFolder));
  const watcher = watch(outputFolder, (_event, name) => {
    if (name && name.endsWith('.png') && !savedAt.has(name)) savedAt.set(name, performance.now());
  });
  for (let run = 0; run <= LINK_RUNS; run++) {
    const prompt = `a lighthouse at dusk, number ${run}`;
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    let linkedAt: number | undefined;
    const watch = vscode.workspace.onDidChangeTextDocument((change) => {
      if (change.document === doc && linkedAt === undefined && doc.getText().includes(`![${prompt}](`))
        linkedAt = performance.now();
    });
    try {
      await withAnswers([answerInputBoxes([prompt])], () =>
        vscode.commands.executeCommand('imageStudio.generateImage'),
      );
    } finally {
      watch.dispose();
    }
    const answered = emulator.requests.find((r) => r.fields['prompt'] === prompt)?.answerFinishedAt;
    if (linkedAt === undefined || answered === undefined || answered === null)
      throw new Error(`no link or no answer for "${prompt}"`);
    // The first run warms the host (the engine's first load, the document's first edit): reported, not counted.
    const fileName = new RegExp(`!\\[${prompt}\\]\\([^)]*/([^/)]+\\.png)\\)`).exec(doc.getText())?.[1];
    const saved = fileName !== undefined ? savedAt.get(fileName) : undefined;
    if (run > 0) {
      delays.push(linkedAt - answered);
      if (saved !== undefined) savedAfter.push(saved - answered);
    } else firstDelay = linkedAt - answered;
  }
  watcher.close();
  const ms = median(delays);
  return {
    name: 'link in the document after the answer (real host) / 100 ms',
    ratio: ms / 100,
    target: { op: '<=', value: 1 },
    detail:
      `median ${ms.toFixed(0)} ms, slowest ${Math.max(...delays).toFixed(0)} ms over ${delays.length} 1024x1024 ` +
      `photo-like PNGs, from the last byte sent to the link inserted (the file was in place after a median ` +
      `${median(savedAfter).toFixed(0)} ms; the first run, uncounted: ${firstDelay.toFixed(0)} ms)`,
  };
}
