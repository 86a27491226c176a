import { brushKey, brushKeyHelp, fractionOf, imagePoint, type BrushState } from './brushKeys';
import { el } from './dom';

export interface MaskCanvasEvents {
  /** After every stroke and clear (`painted` may have changed). */
  onPaint(): void;
  /** The brush size or eraser changed from the keyboard: the tool controls follow. */
  onTools(state: BrushState): void;
  /** A short text for the polite live region. */
  announce(text: string): void;
}

/**
 * Painting the area to change, by pointer or keyboard. Strokes go on a canvas at the image's own pixel
 * size; the mask exported for the API is opaque everywhere except where painted (transparent = change
 * this), as a PNG. The keyboard's brush cursor is a separate element over the canvas, never in the mask.
 */
export class MaskCanvas {
  readonly canvas = document.createElement('canvas');
  /** The keyboard brush cursor, shown while the canvas has focus. */
  readonly cursor = el('div', { className: 'brush-cursor', attrs: { 'aria-hidden': 'true' } });
  /** The keys, as text the canvas is described by. */
  readonly help = el('p', { className: 'meta mask-help', attrs: { id: 'mask-help' }, text: brushKeyHelp });
  private readonly context: CanvasRenderingContext2D;
  private drawing = false;
  private last: { x: number; y: number } | undefined;
  private brush: BrushState = { x: 0.5, y: 0.5, size: 48, eraser: false };
  painted = false;

  constructor(private readonly events: MaskCanvasEvents) {
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('This webview cannot draw on a canvas.');
    this.context = context;
    this.canvas.className = 'mask';
    this.canvas.tabIndex = 0;
    // An application: a screen reader passes the keys through instead of using them to browse.
    this.canvas.setAttribute('role', 'application');
    this.canvas.setAttribute('aria-roledescription', 'mask painter');
    this.canvas.setAttribute('aria-label', 'Mask: paint over the area to change');
    this.canvas.setAttribute('aria-describedby', 'mask-help');
    this.canvas.addEventListener('pointerdown', (e) => this.down(e));
    this.canvas.addEventListener('pointermove', (e) => this.move(e));
    this.canvas.addEventListener('pointerup', () => this.up());
    this.canvas.addEventListener('pointerleave', () => this.up());
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.placeCursor();
  }

  get brushSize(): number {
    return this.brush.size;
  }

  set brushSize(size: number) {
    this.brush = { ...this.brush, size };
    this.placeCursor();
  }

  get eraser(): boolean {
    return this.brush.eraser;
  }

  set eraser(on: boolean) {
    this.brush = { ...this.brush, eraser: on };
    this.placeCursor();
  }

  /** Sizes the canvas to the image's pixels and clears it. */
  reset(width: number, height: number): void {
    this.canvas.width = width;
    this.canvas.height = height;
    this.clear();
  }

  clear(): void {
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.painted = false;
    this.events.onPaint();
  }

  /** The mask as base64 PNG (no data: prefix), or undefined when nothing is painted (the whole image may change). */
  toPngBase64(): string | undefined {
    if (!this.painted) return undefined;
    const mask = document.createElement('canvas');
    mask.width = this.canvas.width;
    mask.height = this.canvas.height;
    const context = mask.getContext('2d');
    if (!context) return undefined;
    context.fillStyle = '#000';
    context.fillRect(0, 0, mask.width, mask.height);
    context.globalCompositeOperation = 'destination-out';
    context.drawImage(this.canvas, 0, 0);
    return mask.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  private key(event: KeyboardEvent): void {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const result = brushKey(this.brush, { key: event.key, shift: event.shiftKey });
    if (!result) return;
    event.preventDefault();
    this.brush = result.state;
    this.placeCursor();
    if (result.command === 'paint') {
      const at = imagePoint(this.brush, this.canvas.width, this.canvas.height);
      this.stroke(at, at);
    } else if (result.command === 'clear') {
      this.clear();
    } else if (result.command === 'size' || result.command === 'eraser') {
      this.events.onTools(this.brush);
    }
    this.events.announce(result.announce);
  }

  /**
   * Moves the cursor element over the canvas: a circle the brush's size, dashed for the eraser (CSSOM only, no inline
   * style attribute).
   */
  private placeCursor(): void {
    this.cursor.style.left = `${this.brush.x * 100}%`;
    this.cursor.style.top = `${this.brush.y * 100}%`;
    this.cursor.style.width = `${this.brush.size}px`;
    this.cursor.style.height = `${this.brush.size}px`;
    this.cursor.classList.toggle('erasing', this.brush.eraser);
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const at = fractionOf(event.clientX, event.clientY, this.canvas.getBoundingClientRect());
    // The keyboard carries on from where the pointer last painted.
    this.brush = { ...this.brush, ...at };
    this.placeCursor();
    return imagePoint(at, this.canvas.width, this.canvas.height);
  }

  private down(event: PointerEvent): void {
    this.drawing = true;
    this.canvas.setPointerCapture?.(event.pointerId);
    this.last = this.point(event);
    this.stroke(this.last, this.last);
  }

  private move(event: PointerEvent): void {
    if (!this.drawing) return;
    const next = this.point(event);
    this.stroke(this.last ?? next, next);
    this.last = next;
  }

  private up(): void {
    this.drawing = false;
    this.last = undefined;
  }

  private stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const c = this.context;
    const scale = this.canvas.width / Math.max(1, this.canvas.getBoundingClientRect().width);
    c.globalCompositeOperation = this.brush.eraser ? 'destination-out' : 'source-over';
    c.strokeStyle = '#ff00ff';
    c.lineWidth = this.brush.size * scale;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x + 0.01, to.y);
    c.stroke();
    if (!this.brush.eraser) this.painted = true;
    this.events.onPaint();
  }
}
