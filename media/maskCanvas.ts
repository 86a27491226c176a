/**
 * Painting the area to change. Strokes go on an overlay canvas at the image's own pixel size; the mask
 * exported for the API is opaque everywhere except where painted (transparent = change this), as a PNG.
 */
export class MaskCanvas {
  readonly canvas = document.createElement('canvas');
  private readonly context: CanvasRenderingContext2D;
  private drawing = false;
  private last: { x: number; y: number } | undefined;
  brushSize = 48;
  eraser = false;
  painted = false;

  constructor(private readonly onPaint: () => void) {
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('This webview cannot draw on a canvas.');
    this.context = context;
    this.canvas.className = 'mask';
    this.canvas.setAttribute('aria-label', 'Mask: paint over the area to change');
    this.canvas.addEventListener('pointerdown', (e) => this.down(e));
    this.canvas.addEventListener('pointermove', (e) => this.move(e));
    this.canvas.addEventListener('pointerup', () => this.up());
    this.canvas.addEventListener('pointerleave', () => this.up());
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
    this.onPaint();
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

  private point(event: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: ((event.clientX - rect.left) * this.canvas.width) / rect.width, y: ((event.clientY - rect.top) * this.canvas.height) / rect.height };
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
    c.globalCompositeOperation = this.eraser ? 'destination-out' : 'source-over';
    c.strokeStyle = '#ff00ff';
    c.lineWidth = this.brushSize * scale;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x + 0.01, to.y);
    c.stroke();
    if (!this.eraser) this.painted = true;
    this.onPaint();
  }
}
