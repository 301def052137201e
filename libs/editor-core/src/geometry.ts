// Points and sizes. Spec positions are normalised to the canvas (0..1 on each axis); pixels are canvas pixels.

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** A number and a range -> the number inside it (NaN becomes min). */
export function clamp(value: number, min: number, max: number): number {
  if (Number.isNaN(value)) return min;
  return Math.min(max, Math.max(min, value));
}

/** A number -> the same number inside 0..1. */
export function clampUnit(value: number): number {
  return clamp(value, 0, 1);
}

/** A point -> the same point inside the canvas (0..1 on both axes). */
export function clampPointToCanvas(point: Point): Point {
  return { x: clampUnit(point.x), y: clampUnit(point.y) };
}

/** A distance in canvas pixels -> the same distance in normalised units, per axis. */
export function pixelsToUnits(delta: Point, canvas: Size): Point {
  return { x: delta.x / canvas.width, y: delta.y / canvas.height };
}

/** Points -> their bounding box, or null when there are none. */
export function findBounds(points: readonly Point[]): Bounds | null {
  if (points.length === 0) return null;
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/**
 * A delta and the positions it would move -> the delta, shortened so every position stays inside 0..1.
 * The positions move as one rigid group, so a group touching an edge stops instead of squashing.
 */
export function limitDeltaToUnitRange(delta: number, positions: readonly number[]): number {
  if (positions.length === 0) return delta;
  const lowest = -Math.min(...positions);
  const highest = 1 - Math.max(...positions);
  return clamp(delta, Math.min(lowest, 0), Math.max(highest, 0));
}
