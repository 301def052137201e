import { describe, expect, it } from '@jest/globals';
import {
  canvasToScreen,
  clampZoom,
  findNextZoomStep,
  findPreviousZoomStep,
  fitCanvasToViewport,
  screenToCanvas,
  screenToNormalised,
  zoomAboutPoint,
} from './viewport.js';
import { applyCommands, makeEditorState } from './testing/make-editor-state.js';

describe('fitCanvasToViewport', () => {
  it('fits the whole canvas with padding and centres it', () => {
    const view = fitCanvasToViewport({ width: 832, height: 1216 }, { width: 1000, height: 672 }, 32);
    expect(view.zoom).toBeCloseTo(608 / 1216, 12);
    expect(view.panY).toBeCloseTo(32, 12);
    expect(view.panX).toBeCloseTo((1000 - 832 * view.zoom) / 2, 12);
  });

  it('keeps the zoom in range for a tiny viewport', () => {
    expect(fitCanvasToViewport({ width: 2048, height: 2048 }, { width: 10, height: 10 }).zoom).toBe(0.05);
  });
});

describe('zoomAboutPoint', () => {
  it('keeps the canvas point under the cursor where it is', () => {
    const view = { zoom: 0.5, panX: 40, panY: -20 };
    const cursor = { x: 300, y: 200 };
    const zoomed = zoomAboutPoint(view, 2, cursor);
    expect(zoomed.zoom).toBe(2);
    const before = screenToCanvas(view, cursor);
    const after = screenToCanvas(zoomed, cursor);
    expect(after.x).toBeCloseTo(before.x, 10);
    expect(after.y).toBeCloseTo(before.y, 10);
  });

  it('clamps the zoom', () => {
    expect(zoomAboutPoint({ zoom: 1, panX: 0, panY: 0 }, 100, { x: 0, y: 0 }).zoom).toBe(8);
  });
});

describe('zoom helpers', () => {
  it('clamps zoom to 0.05..8 and replaces nonsense with 1', () => {
    expect([clampZoom(0.001), clampZoom(20), clampZoom(1.5), clampZoom(Number.NaN), clampZoom(-1)]).toEqual([0.05, 8, 1.5, 1, 1]);
  });

  it('steps through the zoom levels', () => {
    expect(findNextZoomStep(1)).toBe(1.5);
    expect(findNextZoomStep(1.2)).toBe(1.5);
    expect(findNextZoomStep(8)).toBe(8);
    expect(findPreviousZoomStep(1)).toBe(0.75);
    expect(findPreviousZoomStep(0.05)).toBe(0.05);
  });

  it('converts between screen, canvas and normalised points', () => {
    const view = { zoom: 0.5, panX: 100, panY: 50 };
    expect(canvasToScreen(view, { x: 832, y: 1216 })).toEqual({ x: 516, y: 658 });
    expect(screenToCanvas(view, { x: 516, y: 658 })).toEqual({ x: 832, y: 1216 });
    const state = applyCommands(makeEditorState(), { type: 'setView', view });
    expect(screenToNormalised(state, { x: 308, y: 354 })).toEqual({ x: 0.5, y: 0.5 });
  });

  it('setView clamps the zoom and keeps the old pan when a new one is not a number', () => {
    const state = applyCommands(makeEditorState(), { type: 'setView', view: { zoom: 50, panX: Number.NaN, panY: 5 } });
    expect(state.view).toEqual({ zoom: 8, panX: 0, panY: 5 });
  });
});
