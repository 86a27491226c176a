/**
 * Mask painting by keyboard, as a pure reducer: the brush cursor (a fraction of the image's width and
 * height, so it does not depend on how large the image is shown), its size in screen pixels, and the
 * eraser. The mask canvas applies what comes back and announces the text.
 */
export interface BrushState {
  /** 0 (left edge) to 1 (right edge). */
  readonly x: number;
  /** 0 (top edge) to 1 (bottom edge). */
  readonly y: number;
  /** Diameter in screen (CSS) pixels, as the Brush slider shows it. */
  readonly size: number;
  readonly eraser: boolean;
}

export interface BrushKey {
  readonly key: string;
  readonly shift: boolean;
}

export type BrushCommand = 'move' | 'paint' | 'size' | 'eraser' | 'clear';

export interface BrushKeyResult {
  readonly state: BrushState;
  readonly command: BrushCommand;
  /** What a screen reader hears, politely. */
  readonly announce: string;
}

export const brushSizes = { min: 4, max: 200, step: 8, shiftStep: 32 } as const;
/** Arrow steps as a fraction of the image: 2 %, or 10 % with Shift. */
export const cursorSteps = { step: 0.02, shiftStep: 0.1 } as const;

const arrows: Record<string, readonly [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A fraction as a whole percentage, for announcements. */
export function percent(fraction: number): number {
  return Math.round(fraction * 100);
}

/** The help text the canvas is described by. */
export const brushKeyHelp =
  'Arrow keys move the brush (Shift for bigger steps), Space or Enter paints, E toggles the eraser, ' +
  '[ and ] change the brush size, C clears the mask.';

/**
 * The next state for a key, or undefined when the key is not one of the brush's (so it keeps its usual meaning, Tab
 * included).
 */
export function brushKey(state: BrushState, input: BrushKey): BrushKeyResult | undefined {
  const arrow = arrows[input.key];
  if (arrow) {
    const step = input.shift ? cursorSteps.shiftStep : cursorSteps.step;
    const next = { ...state, x: clamp(state.x + arrow[0] * step, 0, 1), y: clamp(state.y + arrow[1] * step, 0, 1) };
    return { state: next, command: 'move', announce: `Brush at ${percent(next.x)}%, ${percent(next.y)}%` };
  }
  switch (input.key) {
    case ' ':
    case 'Enter':
      return {
        state,
        command: 'paint',
        announce: `${state.eraser ? 'Erased' : 'Painted'} at ${percent(state.x)}%, ${percent(state.y)}%`,
      };
    case 'e':
    case 'E': {
      const next = { ...state, eraser: !state.eraser };
      return { state: next, command: 'eraser', announce: next.eraser ? 'Eraser on' : 'Eraser off' };
    }
    case '[':
    case ']':
    case '{':
    case '}': {
      const step = input.shift || input.key === '{' || input.key === '}' ? brushSizes.shiftStep : brushSizes.step;
      const sign = input.key === '[' || input.key === '{' ? -1 : 1;
      const next = { ...state, size: clamp(state.size + sign * step, brushSizes.min, brushSizes.max) };
      return { state: next, command: 'size', announce: `Brush ${next.size} px` };
    }
    case 'c':
    case 'C':
      return { state, command: 'clear', announce: 'Mask cleared' };
    default:
      return undefined;
  }
}

/** Where a cursor (fractions) falls on the canvas, in the image's own pixels. */
export function imagePoint(
  state: Pick<BrushState, 'x' | 'y'>,
  width: number,
  height: number,
): { x: number; y: number } {
  return { x: state.x * width, y: state.y * height };
}

/** A point in client (screen) coordinates as fractions of the displayed canvas, clamped to it. */
export function fractionOf(
  clientX: number,
  clientY: number,
  rect: { left: number; top: number; width: number; height: number },
): { x: number; y: number } {
  return {
    x: clamp((clientX - rect.left) / Math.max(1, rect.width), 0, 1),
    y: clamp((clientY - rect.top) / Math.max(1, rect.height), 0, 1),
  };
}
