/**
 * Valid payloads of the host's messages to the panel, shared by the protocol tests and the fuzzer that mutates them:
 * one history item, a usage summary and one model's choices.
 */
export const galleryItem = {
  id: '0123456789abcdef',
  prompt: 'a boat',
  model: 'gpt-image-2',
  kind: 'generate',
  size: '1024x1024',
  quality: 'low',
  background: 'auto',
  outputFormat: 'png',
  createdAt: '2026-11-30T10:00:00.000Z',
  costUsd: 0.01,
  label: 'ignore/a.png',
  availability: 'available',
  src: 'https://file+.vscode-resource.vscode-cdn.net/w/ignore/a.png',
} as const;

export const usageSummary = {
  todayUsd: 0.1,
  monthUsd: 1,
  monthlyBudgetUsd: 10,
  recent: [
    {
      at: '2026-11-30T10:00:00.000Z',
      model: 'gpt-image-2',
      kind: 'generate',
      images: 1,
      costUsd: 0.01,
      estimated: true,
      cached: false,
      promptPreview: 'a boat',
    },
  ],
} as const;

export const modelChoice = {
  id: 'gpt-image-2',
  label: 'gpt-image-2',
  qualities: ['low', 'medium', 'high', 'auto'],
  sizes: ['auto', '1024x1024'],
  backgrounds: ['auto', 'opaque', 'transparent'],
} as const;
