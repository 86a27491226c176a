import * as z from 'zod';

/** Largest message either side accepts; anything bigger is dropped before parsing. */
export const maxMessageBytes = 256 * 1024;

/** Sent by the webview once its listener is attached; the host posts nothing before it. */
export const readyMessage = z.object({ type: z.literal('ready') }).strict();

/** Sent by the webview: everything it may ask of the host. */
export const webviewToHostMessage = z.discriminatedUnion('type', [readyMessage]);
export type WebviewToHostMessage = z.infer<typeof webviewToHostMessage>;

/** Sent by the host after `ready`: the whole state the panel shows. */
export const stateMessage = z.object({
  type: z.literal('state'),
  hasApiKey: z.boolean(),
  model: z.string().max(200),
}).strict();

export const hostToWebviewMessage = z.discriminatedUnion('type', [stateMessage]);
export type HostToWebviewMessage = z.infer<typeof hostToWebviewMessage>;

/** Parses a message from the other side; undefined for anything unknown, malformed or oversized. */
export function parseMessage<T>(schema: z.ZodType<T>, data: unknown): T | undefined {
  let size: number;
  try {
    size = JSON.stringify(data)?.length ?? 0;
  } catch {
    return undefined;
  }
  if (size > maxMessageBytes) return undefined;
  const result = schema.safeParse(data);
  return result.success ? result.data : undefined;
}
