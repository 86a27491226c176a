import { strict as assert } from 'node:assert';
import { brushKey, brushSizes, fractionOf, imagePoint, type BrushState } from '../../../media/brushKeys';

const start: BrushState = { x: 0.5, y: 0.5, size: 48, eraser: false };

describe('mask painting by keyboard (brushKeys)', () => {
  it('moves the cursor 2 % per arrow, 10 % with Shift, and says where it is', () => {
    const right = brushKey(start, { key: 'ArrowRight', shift: false });
    assert.equal(right?.command, 'move');
    assert.equal(right?.state.x, 0.52);
    assert.equal(right?.state.y, 0.5);
    assert.equal(right?.announce, 'Brush at 52%, 50%');
    const up = brushKey(start, { key: 'ArrowUp', shift: true });
    assert.equal(up?.state.y, 0.4);
    assert.equal(up?.announce, 'Brush at 50%, 40%');
  });

  it('keeps the cursor on the image at its edges', () => {
    let state = start;
    for (let i = 0; i < 20; i++) state = brushKey(state, { key: 'ArrowLeft', shift: true })?.state ?? state;
    assert.equal(state.x, 0);
    for (let i = 0; i < 20; i++) state = brushKey(state, { key: 'ArrowDown', shift: true })?.state ?? state;
    assert.equal(state.y, 1);
    assert.equal(brushKey(state, { key: 'ArrowDown', shift: false })?.announce, 'Brush at 0%, 100%');
  });

  it('paints with Space and Enter at the cursor, erases when the eraser is on', () => {
    const at = { ...start, x: 0.4, y: 0.55 };
    assert.deepEqual(brushKey(at, { key: ' ', shift: false }), {
      state: at,
      command: 'paint',
      announce: 'Painted at 40%, 55%',
    });
    assert.equal(brushKey(at, { key: 'Enter', shift: false })?.command, 'paint');
    assert.equal(brushKey({ ...at, eraser: true }, { key: ' ', shift: false })?.announce, 'Erased at 40%, 55%');
  });

  it('toggles the eraser with E (either case)', () => {
    const on = brushKey(start, { key: 'e', shift: false });
    assert.equal(on?.state.eraser, true);
    assert.equal(on?.announce, 'Eraser on');
    const off = brushKey(on?.state ?? start, { key: 'E', shift: true });
    assert.equal(off?.state.eraser, false);
    assert.equal(off?.announce, 'Eraser off');
  });

  it('changes the brush size with [ and ] within the slider range', () => {
    assert.equal(brushKey(start, { key: ']', shift: false })?.announce, 'Brush 56 px');
    assert.equal(brushKey(start, { key: '[', shift: false })?.state.size, 40);
    // Shift+] arrives as } on a US layout; either way a bigger step.
    assert.equal(brushKey(start, { key: '}', shift: true })?.state.size, 80);
    assert.equal(brushKey(start, { key: ']', shift: true })?.state.size, 80);
    assert.equal(brushKey({ ...start, size: 6 }, { key: '[', shift: false })?.state.size, brushSizes.min);
    assert.equal(brushKey({ ...start, size: 198 }, { key: ']', shift: false })?.announce, `Brush ${brushSizes.max} px`);
  });

  it('clears with C and leaves every other key alone (Tab still leaves the canvas)', () => {
    assert.equal(brushKey(start, { key: 'c', shift: false })?.command, 'clear');
    assert.equal(brushKey(start, { key: 'C', shift: true })?.announce, 'Mask cleared');
    for (const key of ['Tab', 'Escape', 'a', 'x', 'Home', 'F6'])
      assert.equal(brushKey(start, { key, shift: false }), undefined, key);
  });

  it('paints where the pointer would: a click and the keyboard cursor meet at the same image pixel', () => {
    // An image of 1536×1024 shown 300×200 at (10, 20): a click at (130, 130) is 40 %, 55 %.
    const rect = { left: 10, top: 20, width: 300, height: 200 };
    const fromPointer = imagePoint(fractionOf(130, 130, rect), 1536, 1024);
    const fromKeys = imagePoint({ x: 0.4, y: 0.55 }, 1536, 1024);
    assert.ok(
      Math.abs(fromPointer.x - fromKeys.x) < 1e-9 && Math.abs(fromPointer.y - fromKeys.y) < 1e-9,
      JSON.stringify({ fromPointer, fromKeys }),
    );
    assert.ok(Math.abs(fromKeys.x - 614.4) < 1e-9 && Math.abs(fromKeys.y - 563.2) < 1e-9, JSON.stringify(fromKeys));
    assert.deepEqual(fractionOf(0, 500, rect), { x: 0, y: 1 });
  });
});
