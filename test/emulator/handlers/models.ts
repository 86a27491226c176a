/** GET /v1/models and /v1/models/{id}. */
import type { EmulatorContext } from '../context';
import { modelNotFound } from '../errors';
import type { Exchange } from '../exchange';
import { availableModel, listModels, modelEntry } from '../models';

export function handleModelList(ex: Exchange, ctx: EmulatorContext): void {
  ex.sendJson(200, { object: 'list', data: listModels(ctx.today()) });
}

export function handleModel(ex: Exchange, ctx: EmulatorContext, id: string): void {
  const info = availableModel(id, ctx.today());
  if (!info) throw modelNotFound(id);
  ex.sendJson(200, modelEntry(info));
}
