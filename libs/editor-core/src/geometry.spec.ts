import { describe, expect, it } from '@jest/globals';
import { clamp, clampPointToCanvas, findBounds, limitDeltaToUnitRange, pixelsToUnits } from './geometry.js';

describe('clamp', () => {
  it('keeps a number inside its range and turns NaN into the minimum', () => {
    expect(clamp(5, 0, 1)).toBe(1);
    expect(clamp(-5, 0, 1)).toBe(0);
    expect(clamp(0.4, 0, 1)).toBe(0.4);
    expect(clamp(Number.NaN, 0.2, 1)).toBe(0.2);
  });

  it('keeps points on the canvas', () => {
    expect(clampPointToCanvas({ x: -0.1, y: 1.4 })).toEqual({ x: 0, y: 1 });
  });
});

describe('limitDeltaToUnitRange', () => {
  it('shortens a delta so the whole group stays inside 0..1', () => {
    expect(limitDeltaToUnitRange(0.5, [0.2, 0.9])).toBeCloseTo(0.1);
    expect(limitDeltaToUnitRange(-0.5, [0.2, 0.9])).toBeCloseTo(-0.2);
    expect(limitDeltaToUnitRange(0.05, [0.2, 0.9])).toBe(0.05);
  });

  it('leaves a delta alone when there is nothing to move', () => {
    expect(limitDeltaToUnitRange(3, [])).toBe(3);
  });
});

describe('pixelsToUnits and findBounds', () => {
  it('converts canvas px to normalised units per axis', () => {
    expect(pixelsToUnits({ x: 8, y: 16 }, { width: 800, height: 1600 })).toEqual({ x: 0.01, y: 0.01 });
  });

  it('bounds points, and has none for no points', () => {
    expect(findBounds([{ x: 0.2, y: 0.5 }, { x: 0.6, y: 0.1 }])).toEqual({ minX: 0.2, minY: 0.1, maxX: 0.6, maxY: 0.5 });
    expect(findBounds([])).toBeNull();
  });
});
