// Snapping dragged points to the guides: canvas edges, centre lines and rule-of-thirds lines.
import type { EditorState } from './editor-state.js';
import type { Point } from './geometry.js';

/** Where guides run on each axis, normalised to the canvas. */
export const GUIDE_POSITIONS: readonly number[] = [0, 1 / 3, 1 / 2, 2 / 3, 1];

/** A state -> how far (normalised, per axis) a point may be from a guide and still snap; null when snapping is off. */
export function findSnapTolerance(state: EditorState): Point | null {
  if (!state.options.isSnappingEnabled) return null;
  // The threshold is in screen px, so it feels the same at every zoom.
  const canvasPx = state.options.snapThresholdPx / state.view.zoom;
  const { width, height } = state.document.spec.canvas;
  return { x: canvasPx / width, y: canvasPx / height };
}

/**
 * A span's start, the offsets of its anchors (0 for a point; 0, middle and end for a box edge) and a tolerance
 * -> the start moved so the anchor nearest to a guide lies on it, or unchanged when none is within tolerance.
 */
export function snapCoordinate(start: number, anchors: readonly number[], tolerance: number): number {
  let snapped = start;
  let bestDistance = tolerance;
  for (const anchor of anchors) {
    for (const guide of GUIDE_POSITIONS) {
      const distance = Math.abs(start + anchor - guide);
      if (distance <= bestDistance) {
        snapped = guide - anchor;
        bestDistance = distance;
      }
    }
  }
  return snapped;
}

/** A dragged point -> the point snapped to the guides on each axis when snapping is on. */
export function snapPoint(state: EditorState, point: Point): Point {
  return snapBox(state, point, { x: 0, y: 0 });
}

/** A box's top-left and size -> its top-left moved so an edge or its centre lies on a guide, when snapping is on. */
export function snapBox(state: EditorState, topLeft: Point, size: Point): Point {
  const tolerance = findSnapTolerance(state);
  if (tolerance === null) return topLeft;
  return {
    x: snapCoordinate(topLeft.x, [0, size.x / 2, size.x], tolerance.x),
    y: snapCoordinate(topLeft.y, [0, size.y / 2, size.y], tolerance.y),
  };
}
