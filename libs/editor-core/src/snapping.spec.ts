import { describe, expect, it } from '@jest/globals';
import { findSnapTolerance, snapBox, snapCoordinate, snapPoint } from './snapping.js';
import { applyCommands, makeEditorState } from './testing/make-editor-state.js';

describe('snapCoordinate', () => {
  it('snaps to the nearest guide within the tolerance', () => {
    expect(snapCoordinate(0.32, [0], 0.02)).toBe(1 / 3);
    expect(snapCoordinate(0.99, [0], 0.02)).toBe(1);
    expect(snapCoordinate(0.4, [0], 0.02)).toBe(0.4);
  });

  it('picks whichever anchor is nearest a guide', () => {
    // A span of 0.2 from 0.29: start 0.29 is 0.043 off 1/3, middle 0.39 nothing, end 0.49 is 0.01 off the centre.
    expect(snapCoordinate(0.29, [0, 0.1, 0.2], 0.02)).toBeCloseTo(0.3, 12);
  });
});

describe('snapping in a state', () => {
  it('uses a threshold in screen px, so it is finer in canvas terms when zoomed in', () => {
    const state = makeEditorState({}, { isSnappingEnabled: true, snapThresholdPx: 8 });
    expect(findSnapTolerance(state)).toEqual({ x: 8 / 832, y: 8 / 1216 });
    const zoomed = applyCommands(state, { type: 'setView', view: { zoom: 4, panX: 0, panY: 0 } });
    expect(findSnapTolerance(zoomed)).toEqual({ x: 2 / 832, y: 2 / 1216 });
    expect(snapPoint(state, { x: 0.505, y: 0.2 }).x).toBe(0.5);
    expect(snapPoint(zoomed, { x: 0.505, y: 0.2 }).x).toBe(0.505);
  });

  it('does nothing when snapping is off', () => {
    const state = makeEditorState({}, { isSnappingEnabled: false });
    expect(findSnapTolerance(state)).toBeNull();
    expect(snapBox(state, { x: 0.001, y: 0.499 }, { x: 0.1, y: 0.1 })).toEqual({ x: 0.001, y: 0.499 });
  });
});
