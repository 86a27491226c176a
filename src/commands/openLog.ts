import * as vscode from 'vscode';
import { commandIds } from './ids';
import type { Log } from '../vscode/log';

export function registerOpenLog(deps: { readonly log: Log }): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.openLog, () => deps.log.show());
}
