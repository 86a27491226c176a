import { ImageStudioError } from '../core/errors';
import type { ImageJobEvent } from '../core/engine/runImageJob';
import type { OutputFormat } from '../facts/imageOptions';
import type { JobEvent } from '../protocol/jobProgress';

/** The jobs the panel started, by request id, so Cancel can abort exactly one. */
export class PanelJobs {
  private readonly running = new Map<number, AbortController>();

  /** Runs `work` with a signal that `cancel(jobId)` aborts. */
  async run<T>(jobId: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running.has(jobId)) throw new ImageStudioError({ kind: 'job-already-running', jobId: String(jobId) });
    const controller = new AbortController();
    this.running.set(jobId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.running.delete(jobId);
    }
  }

  /** Aborts a running job; false when no such job runs. */
  cancel(jobId: number): boolean {
    const controller = this.running.get(jobId);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}

/** An engine event as the protocol carries it; previews keep their format so the panel can build a data: URL. */
export function toJobEvent(event: ImageJobEvent, format: OutputFormat): JobEvent {
  switch (event.type) {
    case 'queued':
      return { type: 'queued', position: event.position };
    case 'waiting':
      return { type: 'waiting', ms: event.ms };
    case 'retry-wait':
      return { type: 'retry-wait', ms: event.ms };
    case 'started':
      return { type: 'started' };
    case 'partial':
      return { type: 'partial', index: event.index, format, b64: event.b64 };
    case 'saving':
      return { type: 'saving' };
  }
}
