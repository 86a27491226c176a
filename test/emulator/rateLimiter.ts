/**
 * Images-per-minute limit over a sliding 60 s window (`n` counts per image), plus a tokens window that
 * is only reported in the `x-ratelimit-*-tokens` headers. The clock is injectable.
 */
import { formatDuration } from './durations';

const WINDOW_MS = 60_000;

interface Spend {
  readonly at: number;
  readonly amount: number;
}

export type Admission =
  { readonly ok: true } | { readonly ok: false; readonly used: number; readonly retryAfterMs: number };

class Window {
  private spends: Spend[] = [];
  constructor(
    readonly limit: number,
    private readonly now: () => number,
  ) {}

  private prune(): void {
    const cutoff = this.now() - WINDOW_MS;
    this.spends = this.spends.filter((s) => s.at > cutoff);
  }

  used(): number {
    this.prune();
    return this.spends.reduce((sum, s) => sum + s.amount, 0);
  }

  add(amount: number): void {
    this.spends.push({ at: this.now(), amount });
  }

  /** Milliseconds until `amount` more fits (a full window if it never fits). */
  waitFor(amount: number): number {
    const used = this.used();
    if (used + amount <= this.limit) return 0;
    if (amount > this.limit) return WINDOW_MS;
    let freed = 0;
    for (const s of this.spends) {
      freed += s.amount;
      if (used - freed + amount <= this.limit) return Math.max(1, s.at + WINDOW_MS - this.now());
    }
    return WINDOW_MS;
  }

  /** Until the oldest spend leaves the window. */
  resetMs(): number {
    this.prune();
    const first = this.spends[0];
    return first ? Math.max(0, first.at + WINDOW_MS - this.now()) : 0;
  }
}

export class RateLimiter {
  private readonly images: Window;
  private readonly tokens: Window;

  constructor(imagesPerMinute: number, tokensPerMinute: number, now: () => number) {
    this.images = new Window(imagesPerMinute, now);
    this.tokens = new Window(tokensPerMinute, now);
  }

  get imagesPerMinute(): number {
    return this.images.limit;
  }

  /** Admits `images` images (recording them and their tokens) or says how long to wait. */
  admit(images: number, tokens: number): Admission {
    const wait = this.images.waitFor(images);
    if (wait > 0) return { ok: false, used: this.images.used(), retryAfterMs: wait };
    this.images.add(images);
    this.tokens.add(tokens);
    return { ok: true };
  }

  headers(): Record<string, string> {
    const h: Record<string, string> = {};
    if (Number.isFinite(this.images.limit)) {
      h['x-ratelimit-limit-requests'] = String(this.images.limit);
      h['x-ratelimit-remaining-requests'] = String(Math.max(0, this.images.limit - this.images.used()));
      h['x-ratelimit-reset-requests'] = formatDuration(this.images.resetMs());
    }
    if (Number.isFinite(this.tokens.limit)) {
      h['x-ratelimit-limit-tokens'] = String(this.tokens.limit);
      h['x-ratelimit-remaining-tokens'] = String(Math.max(0, this.tokens.limit - this.tokens.used()));
      h['x-ratelimit-reset-tokens'] = formatDuration(this.tokens.resetMs());
    }
    return h;
  }
}
