import type { GalleryItem } from '../src/protocol/gallery';
import { button } from './dom';
import type { HostClient, NewRequest } from './hostClient';
import type { Watch } from './watch';

type JobRequest = Extract<NewRequest, { type: 'generate' | 'edit' }>;

/** A start button and a Cancel button around one job at a time: progress to the watch, images to `onResults`. */
export class JobControls {
  readonly start: HTMLElement;
  readonly cancel: HTMLElement;
  private running: number | undefined;

  constructor(
    private readonly client: HostClient,
    private readonly watch: Watch,
    label: string,
    iconName: string,
    testId: string,
    onStart: () => void,
    private readonly onResults: (items: GalleryItem[]) => void,
  ) {
    this.start = button(label, iconName, onStart, { testId });
    this.cancel = button(
      'Cancel',
      'debug-stop',
      () => {
        if (this.running !== undefined) this.client.send({ type: 'cancel', jobId: this.running });
      },
      { secondary: true, testId: `${testId}-cancel` },
    );
    this.cancel.setAttribute('disabled', '');
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Sends the job and follows it to its reply. */
  run(request: JobRequest, startText: string): void {
    this.watch.start(startText);
    const { id, reply } = this.client.request(request, (event) => this.watch.progress(event));
    this.setRunning(id);
    void reply.then((answer) => {
      this.setRunning(undefined);
      if (answer.ok) {
        this.watch.finish(answer.result.summary);
        this.onResults(answer.result.items);
      } else {
        this.watch.fail(answer.error);
      }
    });
  }

  private setRunning(id: number | undefined): void {
    this.running = id;
    this.start.toggleAttribute('disabled', id !== undefined);
    this.cancel.toggleAttribute('disabled', id === undefined);
  }
}
