/** The model catalog and its lifecycle: which ids exist, which are deprecated, which are gone on a given day. */

export type ModelFamily = 'gpt-image-1' | 'gpt-image-2' | 'dall-e';

export interface ModelInfo {
  readonly id: string;
  readonly family: ModelFamily;
  /** Unix seconds, as in `GET /v1/models`. */
  readonly created: number;
  /** `YYYY-MM-DD`; from that day on the model answers 404 `model_not_found`. Before it, the model is deprecated. */
  readonly shutdownDate?: string;
  /** `xhigh` and `max` qualities (2.5 and 2.6 models). */
  readonly extraQualities: boolean;
  /** `input_fidelity` values the model accepts on edits (empty: the parameter is refused). */
  readonly inputFidelity: readonly ('low' | 'high')[];
}

const day = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 1000);

function model(
  id: string,
  family: ModelFamily,
  created: string,
  extra: Partial<Pick<ModelInfo, 'shutdownDate' | 'extraQualities' | 'inputFidelity'>> = {},
): ModelInfo {
  return {
    id,
    family,
    created: day(created),
    extraQualities: extra.extraQualities ?? false,
    inputFidelity: extra.inputFidelity ?? (family === 'gpt-image-1' ? ['low', 'high'] : []),
    ...(extra.shutdownDate ? { shutdownDate: extra.shutdownDate } : {}),
  };
}

const DEPRECATED_1X_SHUTDOWN = '2026-12-01';

export const MODELS: readonly ModelInfo[] = [
  model('dall-e-2', 'dall-e', '2023-11-01', { shutdownDate: '2026-05-12' }),
  model('dall-e-3', 'dall-e', '2023-10-31', { shutdownDate: '2026-05-12' }),
  model('gpt-image-1', 'gpt-image-1', '2025-04-23', { shutdownDate: '2026-10-23' }),
  model('gpt-image-1-mini', 'gpt-image-1', '2025-10-06', {
    shutdownDate: DEPRECATED_1X_SHUTDOWN,
    inputFidelity: ['low'],
  }),
  model('gpt-image-1.5', 'gpt-image-1', '2025-12-16', { shutdownDate: DEPRECATED_1X_SHUTDOWN }),
  model('chatgpt-image-latest', 'gpt-image-1', '2025-12-16', { shutdownDate: DEPRECATED_1X_SHUTDOWN }),
  model('gpt-image-2', 'gpt-image-2', '2026-04-21'),
  model('gpt-image-2-2026-04-21', 'gpt-image-2', '2026-04-21'),
  model('gpt-image-2.5-sunburst', 'gpt-image-2', '2026-09-08', { extraQualities: true }),
  model('gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2', '2026-09-08', { extraQualities: true }),
  model('gpt-image-2.5-flare', 'gpt-image-2', '2026-09-08', { extraQualities: true }),
  model('gpt-image-2.5-flare-2026-09-08', 'gpt-image-2', '2026-09-08', { extraQualities: true }),
  model('gpt-image-2.6-sunburst', 'gpt-image-2', '2026-11-03', { extraQualities: true }),
  model('gpt-image-2.6-flare', 'gpt-image-2', '2026-11-03', { extraQualities: true }),
];

/** `YYYY-MM-DD` (UTC) of a clock reading. */
export const isoDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/** The model if it exists and is not shut down on `today` (`YYYY-MM-DD`), else undefined. */
export function availableModel(id: string, today: string): ModelInfo | undefined {
  const info = MODELS.find((m) => m.id === id);
  if (!info) return undefined;
  if (info.shutdownDate !== undefined && today >= info.shutdownDate) return undefined;
  return info;
}

export interface ModelListEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  shutdown_date?: string;
}

export function modelEntry(info: ModelInfo): ModelListEntry {
  return {
    id: info.id,
    object: 'model',
    created: info.created,
    owned_by: 'system',
    ...(info.shutdownDate !== undefined ? { shutdown_date: info.shutdownDate } : {}),
  };
}

/** `GET /v1/models`: the models still available on `today`, deprecated ones with their `shutdown_date`. */
export function listModels(today: string): ModelListEntry[] {
  return MODELS.filter((m) => availableModel(m.id, today)).map(modelEntry);
}
