import * as z from 'zod';

/**
 * The buttons an error may offer. The host maps each kind to one fixed action; a setting must be one of
 * ours and a URL one of OpenAI's settings pages, so a message can never name an arbitrary command (W5).
 */
export const errorFix = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('set-api-key') }).strict(),
  z
    .object({ kind: z.literal('open-settings'), setting: z.string().regex(/^imageStudio(\.[A-Za-z.]{1,60})?$/) })
    .strict(),
  z
    .object({
      kind: z.literal('open-url'),
      url: z
        .string()
        .max(200)
        .regex(/^https:\/\/platform\.openai\.com\/[A-Za-z0-9/_-]*$/),
      label: z.string().max(60),
    })
    .strict(),
  z.object({ kind: z.literal('retry') }).strict(),
  z.object({ kind: z.literal('edit-prompt') }).strict(),
  z.object({ kind: z.literal('manage-workspace-trust') }).strict(),
]);
export type ErrorFix = z.infer<typeof errorFix>;

/** An error the panel shows inline: the message is already redacted and actionable. */
export const panelError = z
  .object({
    message: z.string().max(4000),
    fixes: z.array(errorFix).max(5),
  })
  .strict();
export type PanelError = z.infer<typeof panelError>;

/** The label of a fix button, the same in a notification and in the panel. */
export function fixLabel(fix: ErrorFix): string {
  switch (fix.kind) {
    case 'set-api-key':
      return 'Set API Key';
    case 'open-settings':
      return 'Open Settings';
    case 'open-url':
      return fix.label || 'Open';
    case 'retry':
      return 'Retry';
    case 'edit-prompt':
      return 'Edit Prompt';
    case 'manage-workspace-trust':
      return 'Manage Workspace Trust';
  }
}
