/** What a paid agent tool call shows the person before it is sent: the prompt, the options, the cost. */
import type { ImageRequest } from '../request/imageRequest';
import { formatUsd } from '../spend/estimateCost';

export interface ConfirmationTextOptions {
  readonly request: ImageRequest;
  /** The worst-case estimate of the request. */
  readonly estimateUsd: number;
  readonly monthUsd: number;
  /** 0: no budget set. */
  readonly monthlyBudgetUsd: number;
  /** Workspace-relative input images of an edit, in the order they are sent. */
  readonly inputFiles?: readonly string[];
}

/** The title, a question with the count and the estimate. */
export function confirmationTitle(request: ImageRequest, estimateUsd: number): string {
  const what = `${request.kind === 'edit' ? 'Edit' : 'Generate'} ${request.n} image${request.n === 1 ? '' : 's'}`;
  return `${what} for up to ${formatUsd(estimateUsd)}?`;
}

/** Markdown: the prompt as a quote, the options as a list, the estimate and this month's spend against the budget. */
export function confirmationMarkdown(options: ConfirmationTextOptions): string {
  const { request } = options;
  const quoted = request.prompt
    .split(/\r?\n/)
    .map((line) => `> ${escapeMarkdown(line)}`)
    .join('\n');
  const facts = [
    `Model: ${request.model}`,
    `Size: ${request.size}, quality: ${request.quality}, background: ${request.background}`,
    `Format: ${request.outputFormat}, images: ${request.n}`,
    ...(options.inputFiles?.length ? [`Input images: ${options.inputFiles.map(escapeMarkdown).join(', ')}`] : []),
  ];
  const left = options.monthlyBudgetUsd - options.monthUsd;
  const budget =
    options.monthlyBudgetUsd > 0
      ? `Spent this month: ${formatUsd(options.monthUsd)} of your ${formatUsd(options.monthlyBudgetUsd)} budget ` +
        `(${formatUsd(Math.max(0, left))} left).`
      : `Spent this month: ${formatUsd(options.monthUsd)} (no monthly budget set).`;
  return [
    'Image Studio will send this prompt to the OpenAI API, at your cost:',
    '',
    quoted,
    '',
    ...facts.map((fact) => `- ${fact}`),
    '',
    `**Estimated cost: up to ${formatUsd(options.estimateUsd)}.** ${budget}`,
  ].join('\n');
}

/** The prompt is the model's text: shown as text, never as markup, links or images. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`);
}
