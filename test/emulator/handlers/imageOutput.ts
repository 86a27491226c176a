/**
 * Renders and sends the images of an admitted request: one JSON answer, or SSE partial images then a
 * completed event per image. Streams honour the `stall`, `truncate` and `streamError` faults, both forms `noImageData`.
 */
import type { EmulatorContext } from '../context';
import { errorObjectFor } from '../faults';
import type { Responder } from '../exchange';
import { encode, renderEdit, renderGeneration, renderPartial, type RawImage, type RenderSpec } from '../imageRenderer';
import { latencyMs, sleep } from '../latency';
import { withPhotoGrain } from '../photoGrain';
import { hashOf } from '../promptArt';
import { formatSize, type Dimensions } from '../sizes';
import type { EditInputs } from '../uploads';
import type { Usage } from '../usage';
import type { ImageRequest } from '../validation';

export interface ImageJob {
  readonly request: ImageRequest;
  readonly size: Dimensions;
  readonly inputs: EditInputs | undefined;
  /** Usage for this many images (with their streamed partials). */
  readonly usageFor: (images: number) => Usage;
}

function renderSpec(job: ImageJob, index: number): RenderSpec {
  const r = job.request;
  return { prompt: r.prompt, modelId: r.model.id, size: job.size, quality: r.quality, background: r.background, index };
}

async function render(ctx: EmulatorContext, job: ImageJob, index: number): Promise<RawImage> {
  const spec = renderSpec(job, index);
  const image = job.inputs ? await renderEdit(spec, job.inputs) : await renderGeneration(spec);
  return ctx.photoGrain ? withPhotoGrain(image, hashOf(spec.prompt, spec.modelId, index, 'grain')) : image;
}

async function b64(job: ImageJob, image: RawImage): Promise<string> {
  const bytes = await encode(image, { format: job.request.outputFormat, compression: job.request.outputCompression });
  return bytes.toString('base64');
}

/** A final image's base64; a generation's comes from the cache of recent renders when the same one was asked. */
function finalB64(ctx: EmulatorContext, job: ImageJob, index: number): Promise<string> {
  const encodeFinal = async (): Promise<string> => b64(job, await render(ctx, job, index));
  // An edit's bytes depend on its uploads too: those are rendered every time.
  if (job.inputs) return encodeFinal();
  const r = job.request;
  const key = JSON.stringify([renderSpec(job, index), r.outputFormat, r.outputCompression ?? null, ctx.photoGrain]);
  return ctx.renders.get(key, encodeFinal);
}

function resolvedFields(job: ImageJob): { size: string; quality: string; background: string; output_format: string } {
  const r = job.request;
  return { size: formatSize(job.size), quality: r.quality, background: r.background, output_format: r.outputFormat };
}

/** The `corruptImage` fault's text for image `index`, when it is the one to spoil. */
function corrupted(ex: Responder, index: number): string | undefined {
  if (ex.responseFault?.kind !== 'corruptImage' || ex.responseFault.index !== index) return undefined;
  ex.entry.fault = 'corruptImage';
  return 'not base64: a broken endpoint';
}

export async function respondWithImages(ex: Responder, ctx: EmulatorContext, job: ImageJob): Promise<void> {
  if (job.request.stream) return streamImages(ex, ctx, job);
  const total = latencyMs(job.request.quality, job.size, ctx.latencyScale);
  // Rendered while the latency runs, so the answer comes after the modelled time, not that plus the renderer's.
  const images = Promise.all(Array.from({ length: job.request.n }, (_, i) => finalB64(ctx, job, i)));
  // Not awaited when the client goes away during the latency: a render failing then is nobody's concern.
  images.catch(() => undefined);
  if (!(await sleep(total, ex.signal))) return;
  const data = (await images).map((b64_json, i) => ({ b64_json: corrupted(ex, i) ?? b64_json }));
  if (ex.responseFault?.kind === 'streamError') {
    ex.entry.fault = 'streamError';
    const status = ex.responseFault.status ?? 500;
    ex.sendJson(status, { error: errorObjectFor(status, ex.responseFault.error) });
    return;
  }
  const { size, quality, background, output_format } = resolvedFields(job);
  const withoutImages = ex.responseFault?.kind === 'noImageData';
  if (withoutImages) ex.entry.fault = 'noImageData';
  ex.sendJson(200, {
    created: Math.floor(ctx.now() / 1000),
    background,
    data: withoutImages ? data.map(() => ({})) : data,
    output_format,
    quality,
    size,
    usage: job.usageFor(job.request.n),
    ...(job.request.safetyIdentifier ? { safety_identifier: job.request.safetyIdentifier } : {}),
  });
}

async function streamImages(ex: Responder, ctx: EmulatorContext, job: ImageJob): Promise<void> {
  const r = job.request;
  const prefix = r.kind === 'generation' ? 'image_generation' : 'image_edit';
  const fault =
    ex.responseFault?.kind === 'stall' ||
    ex.responseFault?.kind === 'streamError' ||
    ex.responseFault?.kind === 'truncate'
      ? ex.responseFault
      : undefined;
  const withoutImages = ex.responseFault?.kind === 'noImageData';
  const faultAfter = fault ? Math.max(0, fault.partials ?? 1) : Infinity;
  const stepMs = latencyMs(r.quality, job.size, ctx.latencyScale) / (r.partialImages + 1);
  const fields = resolvedFields(job);
  let partialsSent = 0;

  /** True when the fault fired (the stream is then left stalled, cut, or ended with an error). */
  const fireFault = (): boolean => {
    if (!fault || partialsSent < faultAfter) return false;
    ex.entry.fault = fault.kind;
    if (fault.kind === 'streamError') {
      ex.writeEvent('error', { error: errorObjectFor(fault.status ?? 500, fault.error) });
      ex.endStream();
    }
    if (fault.kind === 'truncate') ex.cutStream();
    return true;
  };

  ex.startStream();
  for (let i = 0; i < r.n; i++) {
    // The raw final image is needed only to derive the partials from.
    const final = r.partialImages > 0 ? await render(ctx, job, i) : undefined;
    for (let k = 0; final && k < r.partialImages; k++) {
      if (fireFault()) return;
      if (!(await sleep(stepMs, ex.signal))) return;
      const partial = await renderPartial(final, k, r.partialImages);
      ex.writeEvent(`${prefix}.partial_image`, {
        type: `${prefix}.partial_image`,
        b64_json: await b64(job, partial),
        partial_image_index: k,
        ...fields,
        created_at: Math.floor(ctx.now() / 1000),
      });
      partialsSent++;
    }
    if (fireFault()) return;
    if (!(await sleep(stepMs, ex.signal))) return;
    if (withoutImages) ex.entry.fault = 'noImageData';
    ex.writeEvent(`${prefix}.completed`, {
      type: `${prefix}.completed`,
      ...(withoutImages ? {} : { b64_json: corrupted(ex, i) ?? (await finalB64(ctx, job, i)) }),
      ...fields,
      created_at: Math.floor(ctx.now() / 1000),
      usage: job.usageFor(1),
      ...(r.safetyIdentifier ? { safety_identifier: r.safetyIdentifier } : {}),
    });
  }
  ex.endStream();
}
