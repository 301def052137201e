// The reference image: place it, move its centre, scale it, fade it.
import { referenceSchema, type ReferenceImage } from '@atelier/template-spec';
import { updateSpec, type EditorState } from './editor-state.js';
import { clampPointToCanvas, clampUnit, type Point } from './geometry.js';
import { snapPoint } from './snapping.js';
import { clampToRange, REFERENCE_SCALE_RANGE } from './spec-limits.js';

export const REFERENCE_DEFAULT_OPACITY = 0.5;

/** Puts an uploaded asset in as the reference: centred, fitted, half transparent; an existing one keeps its placement. */
export function placeReference(state: EditorState, assetId: string): EditorState {
  return updateSpec(state, 'reference', (spec) => {
    const reference: ReferenceImage = spec.reference
      ? { ...spec.reference, assetId }
      : { assetId, x: 0.5, y: 0.5, scale: 1, opacity: REFERENCE_DEFAULT_OPACITY };
    // An asset id that is not a UUID would make the spec invalid.
    return referenceSchema.safeParse(reference).success ? { ...spec, reference } : spec;
  });
}

/** Moves the reference image's centre to a point (snapped, inside the canvas). */
export function moveReference(state: EditorState, point: Point): EditorState {
  const centre = clampPointToCanvas(snapPoint(state, point));
  return updateReference(state, (reference) => ({ ...reference, x: centre.x, y: centre.y }));
}

/** Sets the reference image's scale (1 fits the canvas), clamped to REFERENCE_SCALE_RANGE. */
export function scaleReference(state: EditorState, scale: number): EditorState {
  return updateReference(state, (reference) => ({ ...reference, scale: clampToRange(scale, REFERENCE_SCALE_RANGE) }));
}

/** Sets the reference image's opacity, clamped to 0..1. */
export function setReferenceOpacity(state: EditorState, opacity: number): EditorState {
  return updateReference(state, (reference) => ({ ...reference, opacity: clampUnit(opacity) }));
}

/** Takes the reference image out of the template (the asset itself stays stored); nothing when its layer is locked. */
export function removeReference(state: EditorState): EditorState {
  return updateSpec(state, 'reference', (spec) => (spec.reference === null ? spec : { ...spec, reference: null }));
}

/** Changes the reference through `update` when there is one and its layer is unlocked. */
export function updateReference(state: EditorState, update: (reference: ReferenceImage) => ReferenceImage): EditorState {
  return updateSpec(state, 'reference', (spec) => (spec.reference === null ? spec : { ...spec, reference: update(spec.reference) }));
}
