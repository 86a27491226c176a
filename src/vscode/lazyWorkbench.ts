import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandIds, viewIds } from '../commands/ids';
import type { LanguageModelTools } from '../lmTools/registerLanguageModelTools';
import { lmToolNames, type LmToolName } from '../lmTools/toolNames';
import { lazyBundles } from './activationReadout';
import type * as WorkbenchModule from './workbench';
import type { Workbench } from './workbench';

/** The workbench behind light stand-ins, loaded from `dist/workbench.js` on first need. */
export interface LazyWorkbench {
  /** The workbench, required and started on the first call; later calls get the same one. */
  get(): Promise<Workbench>;
  /** How long requiring and starting the workbench took, once it has. */
  startMs(): number | undefined;
  /** The language-model tools as registered: stand-ins that hand each call to the workbench's tool. */
  readonly languageModelTools: LanguageModelTools;
}

/**
 * Registers a stand-in for every command, the webview view and the language-model tools, all into
 * `context.subscriptions`, without loading anything heavy. A command's stand-in starts the workbench, which
 * registers the real command in its place (the stand-ins are disposed in the same tick, so no call falls between),
 * then runs it with the same arguments; the view and the tools hand each call to the workbench's own.
 */
export function lazyWorkbench(context: vscode.ExtensionContext): LazyWorkbench {
  let started: Promise<Workbench> | undefined;
  let startMs: number | undefined;
  const registerStandIns = (): vscode.Disposable[] =>
    Object.values(commandIds).map((id) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]): Promise<unknown> => {
        await get();
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  let commandStandIns = registerStandIns();
  function start(): Workbench {
    const begin = performance.now();
    // A plain require of the sibling bundle: esbuild leaves a computed path alone, so the workbench stays apart.
    const workbenchModule = require(path.join(__dirname, lazyBundles.workbench)) as typeof WorkbenchModule;
    for (const standIn of commandStandIns) standIn.dispose();
    try {
      const workbench = workbenchModule.startWorkbench(context);
      startMs = performance.now() - begin;
      return workbench;
    } catch (err) {
      // A start that failed part way must not leave the commands missing: the stand-ins come back, and the next
      // call tries again (and shows its error) rather than every command being "not found" until a reload.
      commandStandIns = registerStandIns();
      context.subscriptions.push(...commandStandIns);
      throw err;
    }
  }
  function get(): Promise<Workbench> {
    started ??= new Promise<Workbench>((resolve) => resolve(start())).catch((err: unknown) => {
      started = undefined;
      throw err;
    });
    return started;
  }
  const panel: vscode.WebviewViewProvider = {
    resolveWebviewView: async (view, resolveContext, token) =>
      (await get()).panel.resolveWebviewView(view, resolveContext, token),
  };
  const standInTool = (name: LmToolName): vscode.LanguageModelTool<unknown> => ({
    invoke: async (options, token) => (await get()).languageModelTools[name].invoke(options, token),
    prepareInvocation: async (options, token) =>
      (await get()).languageModelTools[name].prepareInvocation?.(options, token),
  });
  const languageModelTools: LanguageModelTools = {
    [lmToolNames.generateImage]: standInTool(lmToolNames.generateImage),
    [lmToolNames.editImage]: standInTool(lmToolNames.editImage),
    [lmToolNames.listImages]: standInTool(lmToolNames.listImages),
    [lmToolNames.estimateCost]: standInTool(lmToolNames.estimateCost),
  };
  context.subscriptions.push(
    ...commandStandIns,
    vscode.window.registerWebviewViewProvider(viewIds.panel, panel),
    ...Object.entries(languageModelTools).map(([name, tool]) => vscode.lm.registerTool(name, tool)),
  );
  return { get, startMs: () => startMs, languageModelTools };
}
