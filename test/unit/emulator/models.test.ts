import * as assert from 'node:assert/strict';
import { NotFoundError } from 'openai';
import type { RunningEmulator } from '../../emulator';
import { rejectsWith, sdk, start } from './support';

describe('emulator: models and lifecycle', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let today = '2026-11-30';
  before(async () => {
    emu = await start({ today: () => today });
  });
  after(() => emu.close());

  it('lists available models with shutdown_date on deprecated ones', async () => {
    const models = [];
    for await (const m of sdk(emu).models.list()) models.push(m);
    const byId = new Map(models.map((m) => [m.id, m as typeof m & { shutdown_date?: string }]));
    for (const id of [
      'gpt-image-2',
      'gpt-image-2.5-sunburst',
      'gpt-image-2.5-flare',
      'gpt-image-2.6-sunburst',
      'gpt-image-2.6-flare',
    ]) {
      assert.equal(byId.get(id)?.object, 'model');
      assert.equal(byId.get(id)?.shutdown_date, undefined);
    }
    for (const id of ['gpt-image-1-mini', 'gpt-image-1.5', 'chatgpt-image-latest'])
      assert.equal(byId.get(id)?.shutdown_date, '2026-12-01');
    for (const id of ['gpt-image-1', 'dall-e-2', 'dall-e-3']) assert.equal(byId.has(id), false);
    const m = byId.get('gpt-image-2');
    assert.ok(m && m.created > 0 && m.owned_by === 'system');
    assert.equal((await sdk(emu).models.retrieve('gpt-image-1.5')).id, 'gpt-image-1.5');
    await rejectsWith(sdk(emu).models.retrieve('dall-e-3'), NotFoundError, { code: 'model_not_found' });
  });

  it('deprecated models work until their shutdown date, then 404', async () => {
    const params = { model: 'gpt-image-1-mini', prompt: 'lifecycle', quality: 'low', size: '1024x1024' } as const;
    await sdk(emu).images.generate(params);
    today = '2026-12-01';
    await rejectsWith(sdk(emu).images.generate(params), NotFoundError, { status: 404, code: 'model_not_found' });
    today = '2026-10-01';
    await sdk(emu).images.generate({ ...params, model: 'gpt-image-1' });
    today = '2026-11-30';
  });
});
