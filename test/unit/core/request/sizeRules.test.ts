import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { imageFlagsShape } from '../../../../src/cli/imageFlags';
import { parseImageRequest } from '../../../../src/core/request/imageRequest';
import { SIZE_PATTERN } from '../../../../src/facts/imageSizes';
import { parseSettings } from '../../../../src/core/request/settings';
import { modelChoices } from '../../../../src/panel/modelChoices';
import { composeOptions, modelChoice } from '../../../../src/protocol/options';
import { EmulatorError } from '../../../emulator/errors';
import { availableModel } from '../../../emulator/models';
import { validateSize } from '../../../emulator/sizes';
import { repoRoot } from '../../../host/paths';

const today = new Date('2026-11-30T12:00:00Z');
/** The boundaries of the 2.x rules, the 1.x list, and shapes no place may accept. */
const SIZES = [
  'auto',
  '1024x1024',
  '1536x1024',
  '1024x1536',
  '1024x640',
  '640x1024',
  '816x816',
  '800x800',
  '1008x640',
  '256x256',
  '512x512',
  '3840x2160',
  '2160x3840',
  '3856x2160',
  '3840x2176',
  '2880x2880',
  '2880x2896',
  '1536x512',
  '1552x512',
  '1000x1000',
  '2048x1152',
  '8192x8192',
  '9000x100',
  '99999x99999',
  '01024x1024',
  '0x0',
  '8x8',
  '64x64',
  'big',
  '1024',
  ' 1024x1024',
  '1024X1024',
];

function engineAccepts(model: string, size: string): boolean {
  try {
    parseImageRequest({ kind: 'generate', model, prompt: 'x', size }, today);
    return true;
  } catch {
    return false;
  }
}

function emulatorAccepts(model: string, size: string): boolean {
  const info = availableModel(model, '2026-11-30');
  if (!info) throw new Error(`the emulator does not know ${model}`);
  try {
    validateSize(size, info.family);
    return true;
  } catch (err) {
    if (!(err instanceof EmulatorError)) throw err;
    assert.deepEqual(
      [err.status, err.error.type, err.error.code, err.error.param],
      [400, 'invalid_request_error', 'invalid_value', 'size'],
      size,
    );
    return false;
  }
}

/** Issue 12 will make one source of these rules; until then no two places may disagree about a size. */
describe('size rules: the engine, the emulator, settings, the CLI and the panel agree', () => {
  it('the engine and the emulator accept exactly the same sizes, per model family', () => {
    for (const model of ['gpt-image-2', 'gpt-image-2.5-flare', 'gpt-image-1.5']) {
      for (const size of SIZES)
        assert.equal(engineAccepts(model, size), emulatorAccepts(model, size), `${model} ${JSON.stringify(size)}`);
    }
  });

  it('the 2.x boundaries: 655,360 to 8,294,400 pixels, edges to 3840', () => {
    const accepted = SIZES.filter((size) => engineAccepts('gpt-image-2', size));
    assert.deepEqual(accepted, [
      'auto',
      '1024x1024',
      '1536x1024',
      '1024x1536',
      '1024x640',
      '640x1024',
      '816x816',
      '3840x2160',
      '2160x3840',
      '2880x2880',
      '1536x512',
      '2048x1152',
    ]);
  });

  it('settings, CLI flags, the panel protocol and the settings UI check one shape; the engine checks the rules', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { pattern?: string }> } };
    };
    const settingsPattern = new RegExp(
      manifest.contributes.configuration.properties['imageStudio.size']?.pattern ?? '(?!)',
    );
    for (const size of SIZES) {
      const shape = SIZE_PATTERN.test(size);
      const settings = (() => {
        try {
          parseSettings({ size });
          return true;
        } catch {
          return false;
        }
      })();
      assert.equal(settings, shape, `settings ${JSON.stringify(size)}`);
      assert.equal(settingsPattern.test(size), shape, `package.json pattern ${JSON.stringify(size)}`);
      assert.equal(imageFlagsShape.size.safeParse(size).success, shape, `--size ${JSON.stringify(size)}`);
      assert.equal(composeOptions.shape.size.safeParse(size).success, shape, `panel ${JSON.stringify(size)}`);
      // Whatever passes the shape still goes through the engine, which alone knows the model's rules.
      if (engineAccepts('gpt-image-2', size) || engineAccepts('my-deployment', size))
        assert.ok(shape, `the shape refuses a size the engine accepts: ${size}`);
    }
    assert.ok(modelChoice.shape.sizes.safeParse(['auto', '1024x640']).success);
  });

  it("the panel offers only sizes the engine accepts per model, the setting's own size included if valid", () => {
    for (const setting of SIZES.filter((size) => SIZE_PATTERN.test(size))) {
      for (const choice of modelChoices('gpt-image-2', setting, today)) {
        for (const size of choice.sizes) assert.ok(engineAccepts(choice.id, size), `${choice.id} offers ${size}`);
        if (choice.id === 'gpt-image-2')
          assert.equal(choice.sizes.includes(setting), engineAccepts('gpt-image-2', setting), `setting ${setting}`);
      }
    }
  });
});
