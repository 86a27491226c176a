import { fixLabel, type PanelError, type ErrorFix } from '../src/protocol/fixes';
import type { JobEvent } from '../src/protocol/jobProgress';
import { button, el, moveFocus } from './dom';

export interface WatchActions {
  runFix(fix: ErrorFix): void;
  retry(): void;
  editPrompt(): void;
}

/**
 * The live part of a job: status (announced politely), rate-limit countdowns, partial previews, and errors with their
 * fixes.
 */
export class Watch {
  readonly root = el('div', { className: 'watch' });
  private readonly status = el('p', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly previews = el('div', { className: 'previews', attrs: { role: 'group', 'aria-label': 'Previews' } });
  // Focusable from script only, so focus can land on an error that offers no fix.
  private readonly errorBox = el('div', { className: 'error', attrs: { role: 'alert', tabindex: '-1' } });
  private countdown: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly actions: WatchActions) {
    this.root.append(this.status, this.previews, this.errorBox);
    this.errorBox.hidden = true;
  }

  start(text: string): void {
    this.stopCountdown();
    this.previews.replaceChildren();
    this.errorBox.hidden = true;
    this.errorBox.replaceChildren();
    this.status.textContent = text;
  }

  progress(event: JobEvent): void {
    this.stopCountdown();
    switch (event.type) {
      case 'queued':
        this.status.textContent = event.position > 0 ? `Queued (position ${event.position})…` : 'Queued…';
        return;
      case 'started':
        this.status.textContent = 'Generating…';
        return;
      case 'saving':
        this.status.textContent = 'Saving…';
        return;
      case 'waiting':
        this.countDown('Waiting for your images-per-minute limit', event.ms);
        return;
      case 'retry-wait':
        this.countDown('Rate limited by the API: retrying', event.ms);
        return;
      case 'partial': {
        const img = el('img', {
          className: 'preview',
          attrs: { alt: `Preview ${event.index + 1}`, 'data-partial': String(event.index) },
        });
        // A data: URL built from validated base64: the CSP allows data: images for exactly this.
        img.src = `data:image/${event.format};base64,${event.b64}`;
        this.previews.replaceChildren(img);
        this.status.textContent = `Preview ${event.index + 1} received…`;
        return;
      }
    }
  }

  finish(text: string): void {
    this.stopCountdown();
    this.previews.replaceChildren();
    this.status.textContent = text;
  }

  fail(error: PanelError): void {
    this.stopCountdown();
    this.status.textContent = '';
    const buttons = error.fixes.map((fix) =>
      button(
        fixLabel(fix),
        undefined,
        () => {
          if (fix.kind === 'retry') this.actions.retry();
          else if (fix.kind === 'edit-prompt') this.actions.editPrompt();
          else this.actions.runFix(fix);
        },
        { secondary: fix.kind !== 'retry' },
      ),
    );
    this.errorBox.replaceChildren(
      el('p', { className: 'error-message', text: error.message }),
      el('div', { className: 'row' }, ...buttons),
    );
    this.errorBox.hidden = false;
    // The alert is read out wherever focus is; focus goes to its first fix (or the error itself) so Enter acts on it.
    moveFocus(buttons[0] ?? this.errorBox);
  }

  private countDown(label: string, ms: number): void {
    const until = Date.now() + ms;
    // Announced once; the per-second countdown is visual only, so a screen reader is not read every tick.
    this.status.textContent = `${label} in ${Math.ceil(ms / 1000)} s…`;
    const clock = el('span', { className: 'countdown', attrs: { 'aria-hidden': 'true', 'data-testid': 'countdown' } });
    const tick = (): void => {
      const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      clock.textContent = `${label} in ${seconds} s…`;
      if (seconds === 0) this.stopCountdown();
    };
    tick();
    this.status.replaceChildren(el('span', { className: 'visually-hidden', text: this.status.textContent }), clock);
    this.countdown = setInterval(tick, 1000);
  }

  private stopCountdown(): void {
    if (this.countdown) clearInterval(this.countdown);
    this.countdown = undefined;
  }
}
