// The subject frame: where the person goes, always inside the canvas.
import type { SubjectFrame } from '@atelier/template-spec';
import { updateSpec, type EditorState } from './editor-state.js';
import { clamp, type Point } from './geometry.js';
import { snapBox, snapPoint } from './snapping.js';

/** Smallest frame side, normalised: small enough for a face, big enough to grab. */
export const SUBJECT_FRAME_MIN_SIDE = 0.02;

export const FRAME_HANDLES = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const;
export type FrameHandle = (typeof FRAME_HANDLES)[number];

/** Moves the frame's top-left to a point; edges and centre snap to guides; the frame stays inside the canvas. */
export function moveSubjectFrame(state: EditorState, topLeft: Point): EditorState {
  return updateFrame(state, (frame) => {
    const snapped = snapBox(state, topLeft, { x: frame.w, y: frame.h });
    return { ...frame, x: clamp(snapped.x, 0, 1 - frame.w), y: clamp(snapped.y, 0, 1 - frame.h) };
  });
}

/**
 * Drags one of the frame's 8 handles to a point: the opposite edges stay put, the dragged edges snap to guides,
 * and the frame never flips or shrinks below SUBJECT_FRAME_MIN_SIDE.
 */
export function resizeSubjectFrame(state: EditorState, handle: FrameHandle, point: Point): EditorState {
  if (!FRAME_HANDLES.includes(handle)) return state;
  const snapped = snapPoint(state, point);
  return updateFrame(state, (frame) => {
    let [left, top, right, bottom] = [frame.x, frame.y, frame.x + frame.w, frame.y + frame.h];
    if (handle.includes('w')) left = clamp(snapped.x, 0, Math.max(0, right - SUBJECT_FRAME_MIN_SIDE));
    if (handle.includes('e')) right = clamp(snapped.x, Math.min(1, left + SUBJECT_FRAME_MIN_SIDE), 1);
    if (handle.includes('n')) top = clamp(snapped.y, 0, Math.max(0, bottom - SUBJECT_FRAME_MIN_SIDE));
    if (handle.includes('s')) bottom = clamp(snapped.y, Math.min(1, top + SUBJECT_FRAME_MIN_SIDE), 1);
    return { ...frame, x: left, y: top, w: right - left, h: bottom - top };
  });
}

/** Sets the whole frame (a numeric panel): size clamped to SUBJECT_FRAME_MIN_SIDE..1, then moved inside the canvas. */
export function setSubjectFrame(state: EditorState, next: SubjectFrame): EditorState {
  return updateFrame(state, (frame) => {
    const w = clamp(next.w, SUBJECT_FRAME_MIN_SIDE, 1);
    const h = clamp(next.h, SUBJECT_FRAME_MIN_SIDE, 1);
    return { ...frame, x: clamp(next.x, 0, 1 - w), y: clamp(next.y, 0, 1 - h), w, h };
  });
}

/** Changes the frame through `update` unless its layer is locked. */
export function updateFrame(state: EditorState, update: (frame: SubjectFrame) => SubjectFrame): EditorState {
  return updateSpec(state, 'subjectFrame', (spec) => ({
    ...spec,
    subject: { ...spec.subject, frame: update(spec.subject.frame) },
  }));
}
