import type { ComposeOptions } from '../../src/protocol/options';

/** The composer options the panel tests send: one cheap gpt-image-2 render, streamed. */
export const panelOptions = {
  model: 'gpt-image-2',
  size: '1024x1024',
  quality: 'low',
  background: 'auto',
  outputFormat: 'png',
  outputCompression: null,
  n: 1,
  stream: true,
} as const satisfies ComposeOptions;
