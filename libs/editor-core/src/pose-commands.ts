// The pose: move joints (with their limb chains), hide and show them, transform the skeleton, apply presets.
import type { Keypoint, Pose } from '@atelier/template-spec';
import { updateDocument, type EditorDocument, type EditorState } from './editor-state.js';
import { clamp, clampPointToCanvas, clampUnit, findBounds, limitDeltaToUnitRange, type Point } from './geometry.js';
import { MIRRORED_KEYPOINT_INDEX, withLimbChainFollowers } from './pose-model.js';
import { findPosePreset, fitPresetKeypoints, fitPresetPoint, STANDING_FRONT_PRESET } from './pose-presets.js';
import { snapPoint } from './snapping.js';

type PresentKeypoint = [number, number];

// Scaling stops before the skeleton's larger side drops under 2 % of the canvas.
const POSE_MIN_EXTENT = 0.02;

/** A state -> indices of the joints that are hidden (null) in its pose; [] without a pose. */
export function listHiddenJoints(state: EditorState): number[] {
  return (state.document.spec.pose?.keypoints ?? []).flatMap((point, index) => (point === null ? [index] : []));
}

/**
 * Moves a joint to a point (snapped to guides, inside the canvas). With limb-chain dragging on, the joints that
 * follow it (LIMB_CHAIN_FOLLOWERS) move by the same delta, as a rigid group that stops at the canvas edge.
 */
export function moveJoint(state: EditorState, index: number, point: Point): EditorState {
  const current = state.document.spec.pose?.keypoints[index];
  if (current === null || current === undefined) return state;
  const target = clampPointToCanvas(snapPoint(state, point));
  const indices = state.options.isLimbChainDraggingEnabled ? withLimbChainFollowers([index]) : [index];
  const delta = { x: target.x - current[0], y: target.y - current[1] };
  return translateJoints(state, indices, delta, { index, point: target });
}

/**
 * Moves joints by a normalised delta as one rigid group, shortened so none leaves the canvas; hidden joints stay
 * hidden. `anchor` lands exactly on its point when the delta was not shortened (no float drift off a guide).
 */
export function translateJoints(
  state: EditorState,
  indices: readonly number[],
  delta: Point,
  anchor?: { index: number; point: Point },
): EditorState {
  return updatePose(state, (pose) => {
    const moving = new Set(indices.filter((index) => pose.keypoints[index] != null));
    const points = [...moving].map((index) => pose.keypoints[index] as PresentKeypoint);
    const dx = limitDeltaToUnitRange(delta.x, points.map((point) => point[0]));
    const dy = limitDeltaToUnitRange(delta.y, points.map((point) => point[1]));
    if (moving.size === 0 || (dx === 0 && dy === 0)) return null;
    const keypoints = pose.keypoints.map((point, index): Keypoint => {
      if (point === null || !moving.has(index)) return point;
      if (anchor?.index === index && dx === delta.x && dy === delta.y) return [anchor.point.x, anchor.point.y];
      return [clampUnit(point[0] + dx), clampUnit(point[1] + dy)];
    });
    return { pose: { ...pose, keypoints } };
  });
}

/** Hides a joint (null in the spec) and remembers where it was. */
export function hideJoint(state: EditorState, index: number): EditorState {
  return updatePose(state, (pose, hidden) => {
    const point = pose.keypoints[index];
    if (point === null || point === undefined) return null;
    return { pose: replaceKeypoint(pose, index, null), hidden: replaceAt(hidden, index, point) };
  });
}

/** Shows a hidden joint where it was hidden, or (never seen) where the standing-front preset puts it. */
export function showJoint(state: EditorState, index: number): EditorState {
  return updatePose(state, (pose, hidden, document) => {
    // Out-of-range indices read undefined, so they fail this check too.
    if (pose.keypoints[index] !== null) return null;
    const standing = STANDING_FRONT_PRESET.keypoints[index] ?? [0.5, 0.5];
    const restored = hidden[index] ?? fitPresetPoint(standing, document.spec.canvas);
    return { pose: replaceKeypoint(pose, index, [restored[0], restored[1]]), hidden: replaceAt(hidden, index, null) };
  });
}

/** Scales the skeleton about the centre of its bounding box (canvas px), stopping before it outgrows the canvas. */
export function scalePose(state: EditorState, factor: number): EditorState {
  if (!Number.isFinite(factor) || factor <= 0) return state;
  const bounds = findPoseBounds(state.document.spec.pose);
  if (bounds === null) return state;
  const [boxWidth, boxHeight] = [bounds.maxX - bounds.minX, bounds.maxY - bounds.minY];
  const fitting = Math.min(boxWidth > 0 ? 1 / boxWidth : Infinity, boxHeight > 0 ? 1 / boxHeight : Infinity);
  const extent = Math.max(boxWidth, boxHeight);
  if (extent === 0) return state;
  const limited = clamp(factor, Math.min(1, POSE_MIN_EXTENT / extent), Math.max(1, fitting));
  if (limited === 1) return state;
  return transformPose(state, (point, centre) => ({
    x: centre.x + (point.x - centre.x) * limited,
    y: centre.y + (point.y - centre.y) * limited,
  }));
}

/** Rotates the skeleton about its centre by degrees, clockwise on screen, in canvas px so it does not shear. */
export function rotatePose(state: EditorState, degrees: number): EditorState {
  if (!Number.isFinite(degrees) || degrees % 360 === 0) return state;
  const radians = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(radians), Math.sin(radians)];
  return transformPose(state, (point, centre) => {
    const [dx, dy] = [point.x - centre.x, point.y - centre.y];
    return { x: centre.x + dx * cos - dy * sin, y: centre.y + dx * sin + dy * cos };
  });
}

/** Mirrors the skeleton left-right about its centre and swaps left and right joints, so it stays anatomically right. */
export function mirrorPose(state: EditorState): EditorState {
  return transformPose(state, (point, centre) => ({ x: 2 * centre.x - point.x, y: point.y }), MIRRORED_KEYPOINT_INDEX);
}

/** Replaces the pose's keypoints with a preset fitted to the canvas (strength kept; 1 for a new pose). */
export function applyPosePreset(state: EditorState, presetId: string): EditorState {
  const preset = findPosePreset(presetId);
  if (preset === undefined) return state;
  return updateDocument(state, 'pose', (document) => {
    const keypoints = fitPresetKeypoints(preset.keypoints, document.spec.canvas);
    const pose: Pose = document.spec.pose ? { ...document.spec.pose, keypoints } : { keypoints, strength: 1 };
    const hiddenJointPositions = keypoints.map(() => null);
    return { ...document, spec: { ...document.spec, pose }, hiddenJointPositions };
  });
}

// Maps every joint (remembered hidden ones too) through `mapPixel` about the centre of the present joints'
// bounding box, in canvas px; then shifts the result back inside the canvas when it fits, and clamps.
function transformPose(
  state: EditorState,
  mapPixel: (point: Point, centre: Point) => Point,
  reorder?: readonly number[],
): EditorState {
  return updatePose(state, (pose, hidden, document) => {
    const { width, height } = document.spec.canvas;
    const bounds = findPoseBounds(pose);
    if (bounds === null) return null;
    const centre = { x: ((bounds.minX + bounds.maxX) / 2) * width, y: ((bounds.minY + bounds.maxY) / 2) * height };
    const mapAll = (points: readonly Keypoint[]) =>
      points.map((point): Point | null => {
        if (point === null) return null;
        const mapped = mapPixel({ x: point[0] * width, y: point[1] * height }, centre);
        return { x: mapped.x / width, y: mapped.y / height };
      });
    const mapped = mapAll(pose.keypoints);
    const shift = findShiftIntoCanvas(mapped.filter((point): point is Point => point !== null));
    const place = (points: readonly (Point | null)[]) =>
      (reorder ? reorder.map((from) => points[from] ?? null) : points).map((point): Keypoint =>
        point === null ? null : [clampUnit(point.x + shift.x), clampUnit(point.y + shift.y)],
      );
    return { pose: { ...pose, keypoints: place(mapped) }, hidden: place(mapAll(hidden)) };
  });
}

function findShiftIntoCanvas(points: readonly Point[]): Point {
  const bounds = findBounds(points);
  if (bounds === null) return { x: 0, y: 0 };
  const shiftAxis = (min: number, max: number) => {
    if (max - min > 1) return 0.5 - (min + max) / 2;
    if (min < 0) return -min;
    return max > 1 ? 1 - max : 0;
  };
  return { x: shiftAxis(bounds.minX, bounds.maxX), y: shiftAxis(bounds.minY, bounds.maxY) };
}

function findPoseBounds(pose: Pose | null) {
  const points = (pose?.keypoints ?? []).flatMap((point) => (point === null ? [] : [{ x: point[0], y: point[1] }]));
  return findBounds(points);
}

type PoseUpdate = { pose: Pose; hidden?: readonly Keypoint[] } | null;

// Changes the pose (and the remembered hidden joints) unless there is no pose or its layer is locked; null = no change.
function updatePose(
  state: EditorState,
  update: (pose: Pose, hidden: readonly Keypoint[], document: EditorDocument) => PoseUpdate,
): EditorState {
  return updateDocument(state, 'pose', (document) => {
    const { pose } = document.spec;
    const result = pose === null ? null : update(pose, document.hiddenJointPositions, document);
    if (result === null) return document;
    const hiddenJointPositions = result.hidden ?? document.hiddenJointPositions;
    return { ...document, spec: { ...document.spec, pose: result.pose }, hiddenJointPositions };
  });
}

function replaceKeypoint(pose: Pose, index: number, point: Keypoint): Pose {
  return { ...pose, keypoints: replaceAt(pose.keypoints, index, point) };
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, at) => (at === index ? item : existing));
}
