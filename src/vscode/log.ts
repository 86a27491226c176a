import type * as vscode from 'vscode';

/** What commands and the panel log through; every line is redacted before it reaches the channel. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
  show(): void;
}

/** A LogOutputChannel behind a redactor, so no path can write a key into the log. */
export function createLog(channel: vscode.LogOutputChannel, redact: (text: string) => string): Log {
  return {
    info: (message) => channel.info(redact(message)),
    warn: (message) => channel.warn(redact(message)),
    error: (message) =>
      channel.error(redact(message instanceof Error ? `${message.name}: ${message.message}` : message)),
    show: () => channel.show(true),
  };
}
