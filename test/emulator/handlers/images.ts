/** POST images/generations and images/edits (OpenAI and Azure paths): validate, moderate, rate-limit, then answer. */
import type { ParsedBody } from '../body';
import { EMULATOR_MODERATION_CATEGORIES, EMULATOR_MODERATION_MARKER, EMULATOR_ORGANIZATION } from '../constants';
import type { EmulatorContext } from '../context';
import { formatDuration } from '../durations';
import {
  azureDeploymentNotFound,
  invalidContentType,
  invalidJson,
  missingParameter,
  moderationBlocked,
  rateLimitMessage,
  rateLimited,
} from '../errors';
import type { Responder } from '../exchange';
import { availableModel } from '../models';
import { ParamReader } from '../params';
import type { Route } from '../routes';
import { autoSizeFor } from '../sizes';
import { validateEditUploads, type EditInputs } from '../uploads';
import { computeUsage, outputTokensPerImage } from '../usage';
import { validateImageRequest } from '../validation';
import { respondWithImages, type ImageJob } from './imageOutput';

export async function handleImages(
  ex: Responder,
  ctx: EmulatorContext,
  route: Extract<Route, { kind: 'images' }>,
  body: ParsedBody,
  contentType: string,
): Promise<void> {
  ex.extraHeaders = ctx.limiter.headers();
  if (body.error) throw body.error;
  if (route.op === 'generation') {
    if (body.kind === 'empty') throw missingParameter('prompt');
    if (body.kind !== 'json') throw invalidJson();
  } else if (body.kind !== 'form') {
    throw invalidContentType('multipart/form-data', contentType);
  }

  const today = ctx.today();
  if (route.azure && !availableModel(route.azure.deployment, today)) throw azureDeploymentNotFound();
  const params = new ParamReader(body.fields, body.kind === 'form' ? 'form' : 'json');
  const request = validateImageRequest(params, route.op, {
    today,
    ...(route.azure ? { deploymentModel: route.azure.deployment } : {}),
  });
  const inputs: EditInputs | undefined =
    route.op === 'edit' ? await validateEditUploads(body.files, body.fields, ctx.maxImageBytes) : undefined;

  if (request.prompt.toLowerCase().includes(EMULATOR_MODERATION_MARKER)) {
    throw moderationBlocked(ex.requestId, EMULATOR_MODERATION_CATEGORIES);
  }

  const size = request.size === 'auto' ? autoSizeFor(inputs?.images[0]) : request.size;
  const perImage = outputTokensPerImage(request.model.family, request.quality, size);
  const partials = request.stream ? request.partialImages : 0;
  const usageFor = (images: number): ReturnType<typeof computeUsage> =>
    computeUsage({
      prompt: request.prompt,
      inputImages: inputs?.images.length ?? 0,
      inputFidelity: request.inputFidelity,
      outputTokensPerImage: perImage,
      images,
      partialImages: partials * images,
    });

  const admission = ctx.limiter.admit(request.n, usageFor(request.n).total_tokens);
  if (!admission.ok) {
    const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
    ex.extraHeaders = ctx.limiter.headers();
    throw rateLimited(
      rateLimitMessage(
        request.model.id,
        EMULATOR_ORGANIZATION,
        ctx.limiter.imagesPerMinute,
        admission.used,
        request.n,
        formatDuration(admission.retryAfterMs),
      ),
      { 'retry-after': String(seconds), 'retry-after-ms': String(admission.retryAfterMs) },
    );
  }
  ex.extraHeaders = ctx.limiter.headers();

  const job: ImageJob = { request, size, inputs, usageFor };
  await respondWithImages(ex, ctx, job);
}
