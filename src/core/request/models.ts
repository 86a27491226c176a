/** GPT Image model table: which options each model accepts and whether it still runs. */

import { BASE_QUALITIES, QUALITIES, type Quality } from '../../facts/imageOptions';

export type ModelFamily = '1.x' | '2.x';
export type ModelState = 'active' | 'deprecated' | 'shutdown' | 'retired';

/** How strictly `size` is checked: the fixed 1.x list, the 2.x custom-size rules, or only basic sanity. */
export type SizePolicy = 'fixed' | 'flexible' | 'lenient';

export const DEFAULT_MODEL = 'gpt-image-2';

const ALL_QUALITIES: readonly Quality[] = QUALITIES;

interface ModelEntry {
  readonly family: ModelFamily;
  /** Set only for models that were removed outright (DALL-E): no date makes them usable. */
  readonly retired?: true;
  /** `YYYY-MM-DD`; before it the model is deprecated, from it on shut down. */
  readonly shutdownDate?: string;
  readonly qualities: readonly Quality[];
  readonly supportsInputFidelity: boolean;
  readonly supportsTransparent: boolean;
}

const legacy1x = (shutdownDate: string): ModelEntry => ({
  family: '1.x',
  shutdownDate,
  qualities: BASE_QUALITIES,
  supportsInputFidelity: true,
  supportsTransparent: true,
});

const current2x = (qualities: readonly Quality[]): ModelEntry => ({
  family: '2.x',
  qualities,
  supportsInputFidelity: false,
  // The notes say transparency is "preview-only or refused with a 400" on some models; we let the API
  // decide for 2.x and the error mapping names the `background` option if it refuses.
  supportsTransparent: true,
});

// Dates from OpenAI's deprecations page (platform.openai.com/docs/deprecations).
const MODEL_TABLE: Readonly<Record<string, ModelEntry>> = {
  'gpt-image-1': legacy1x('2026-10-23'),
  'gpt-image-1-mini': legacy1x('2026-12-01'),
  'gpt-image-1.5': legacy1x('2026-12-01'),
  'chatgpt-image-latest': legacy1x('2026-12-01'),
  'dall-e-2': { ...legacy1x('2026-05-12'), retired: true, supportsInputFidelity: false, supportsTransparent: false },
  'dall-e-3': { ...legacy1x('2026-05-12'), retired: true, supportsInputFidelity: false, supportsTransparent: false },
  'gpt-image-2': current2x(BASE_QUALITIES),
  'gpt-image-2-2026-04-21': current2x(BASE_QUALITIES),
  'gpt-image-2.5-sunburst': current2x(ALL_QUALITIES),
  'gpt-image-2.5-sunburst-2026-09-08': current2x(ALL_QUALITIES),
  'gpt-image-2.5-flare': current2x(ALL_QUALITIES),
  'gpt-image-2.5-flare-2026-09-08': current2x(ALL_QUALITIES),
  'gpt-image-2.6-sunburst': current2x(ALL_QUALITIES),
  'gpt-image-2.6-flare': current2x(ALL_QUALITIES),
};

export interface ModelDescription {
  readonly id: string;
  /** False when the id is not in our table (users may type any id); the policy is then lenient. */
  readonly known: boolean;
  readonly family: ModelFamily;
  readonly state: ModelState;
  readonly shutdownDate?: string;
  readonly qualities: readonly Quality[];
  readonly sizePolicy: SizePolicy;
  readonly supportsInputFidelity: boolean;
  readonly supportsTransparent: boolean;
  /** A sentence for the user when the model is deprecated, shut down or retired. */
  readonly notice?: string;
}

/** Ids in the known table, for pickers and settings enums. */
export function knownModelIds(): string[] {
  return Object.keys(MODEL_TABLE);
}

/** Describes a model id (known or typed by the user) as of `today`. */
export function describeModel(id: string, today: Date): ModelDescription {
  const entry = MODEL_TABLE[id];
  if (entry) {
    const state = stateOf(entry, today);
    return {
      id,
      known: true,
      family: entry.family,
      state,
      ...(entry.shutdownDate !== undefined ? { shutdownDate: entry.shutdownDate } : {}),
      qualities: entry.qualities,
      sizePolicy: entry.family === '2.x' ? 'flexible' : 'fixed',
      supportsInputFidelity: entry.supportsInputFidelity,
      supportsTransparent: entry.supportsTransparent,
      ...noticeFor(id, state, entry.shutdownDate),
    };
  }
  if (/^gpt-image-2/.test(id)) {
    return {
      id,
      known: false,
      family: '2.x',
      state: 'active',
      // A new 2.x id is most likely a snapshot or sibling of a known one; xhigh/max arrived with 2.5.
      qualities: minorVersionOf2x(id) >= 5 ? ALL_QUALITIES : BASE_QUALITIES,
      sizePolicy: 'flexible',
      supportsInputFidelity: false,
      supportsTransparent: true,
    };
  }
  // Unknown and not 2.x (a proxy's alias, an Azure deployment name...): check little, let the API judge.
  return {
    id,
    known: false,
    family: '1.x',
    state: 'active',
    qualities: ALL_QUALITIES,
    sizePolicy: 'lenient',
    supportsInputFidelity: true,
    supportsTransparent: true,
  };
}

function stateOf(entry: ModelEntry, today: Date): ModelState {
  if (entry.retired) return 'retired';
  if (entry.shutdownDate === undefined) return 'active';
  return isoDate(today) >= entry.shutdownDate ? 'shutdown' : 'deprecated';
}

function noticeFor(id: string, state: ModelState, shutdownDate: string | undefined): { notice?: string } {
  const notice = modelNotice({ id, state, ...(shutdownDate !== undefined ? { shutdownDate } : {}) }, 'the model');
  return notice !== undefined ? { notice } : {};
}

/**
 * What to tell the person about a model that is going or gone, naming where the model is chosen as the host does
 * (`modelOptionName`: a setting id, a flag, or "the model"); undefined for an active model.
 */
export function modelNotice(
  model: Pick<ModelDescription, 'id' | 'state' | 'shutdownDate'>,
  modelOptionName: string,
): string | undefined {
  const { id, shutdownDate } = model;
  switch (model.state) {
    case 'active':
      return undefined;
    case 'deprecated':
      return (
        `${id} is deprecated and shuts down on ${shutdownDate ?? 'a date to be announced'}; ` +
        `switch ${modelOptionName} to ${DEFAULT_MODEL}.`
      );
    case 'shutdown':
      return `${id} was shut down on ${shutdownDate ?? 'an earlier date'}; set ${modelOptionName} to ${DEFAULT_MODEL}.`;
    case 'retired':
      return `${id} is retired and no longer answers; set ${modelOptionName} to ${DEFAULT_MODEL}.`;
  }
}

function minorVersionOf2x(id: string): number {
  const match = /^gpt-image-2\.(\d+)/.exec(id);
  return match?.[1] !== undefined ? Number(match[1]) : 0;
}

/** `YYYY-MM-DD` in UTC, comparable as a string with the table's dates. */
function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
