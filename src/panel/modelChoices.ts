import { sizeProblem } from '../core/request/imageRequest';
import { describeModel, knownModelIds, modelNotice, type ModelDescription } from '../core/request/models';
import type { Background } from '../facts/imageOptions';
import { FIXED_SIZES, SIZE_PATTERN } from '../facts/imageSizes';
import type { ModelChoice } from '../protocol/options';
import { settingId } from '../vscode/errorWords';

// The order the panel lists backgrounds in: the default first.
const BACKGROUND_ORDER: readonly Background[] = ['auto', 'opaque', 'transparent'];

// Sizes a 2.x model accepts (multiples of 16, aspect within 3:1, 655,360 pixels up to 3840x2160), common ones first.
const FLEXIBLE_SIZES = [
  'auto',
  '1024x1024',
  '1536x1024',
  '1024x1536',
  '2048x2048',
  '2048x1152',
  '1152x2048',
  '3840x2160',
  '2160x3840',
  '1536x512',
];

function choiceFor(model: ModelDescription, settingSize: string): ModelChoice {
  const base = model.sizePolicy === 'fixed' ? [...FIXED_SIZES] : FLEXIBLE_SIZES;
  // The person's own size setting stays selectable when the model allows it (the engine's own check); the host
  // re-checks on send.
  const allowed = SIZE_PATTERN.test(settingSize) && sizeProblem(settingSize, model) === undefined;
  const sizes = base.includes(settingSize) || !allowed ? base : [...base, settingSize];
  const notice = modelNotice(model, settingId('model'));
  return {
    id: model.id,
    label: model.known ? model.id : `${model.id} (not in Image Studio's table)`,
    qualities: [...model.qualities],
    sizes: ['auto', ...sizes.filter((s) => s !== 'auto')],
    backgrounds: BACKGROUND_ORDER.filter((b) => model.supportsTransparent || b !== 'transparent'),
    ...(notice !== undefined ? { notice } : {}),
  };
}

/**
 * The models the panel offers, each with only the options it accepts: every usable known model, plus the one in
 * settings.
 */
export function modelChoices(settingModel: string, settingSize: string, today: Date): ModelChoice[] {
  const usable = knownModelIds()
    .map((id) => describeModel(id, today))
    .filter((m) => m.state === 'active' || m.state === 'deprecated');
  const current = describeModel(settingModel, today);
  const list = usable.some((m) => m.id === current.id) ? usable : [current, ...usable];
  return list.map((m) => choiceFor(m, settingSize));
}
