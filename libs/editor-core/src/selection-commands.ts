// Selection, and the commands that act on whatever is selected: delete, duplicate, move, nudge.
import { parseElementId, toLightElementId, type ElementId } from './element-id.js';
import {
  isElementSelectable,
  listElementIds,
  pruneSelection,
  updateDocument,
  updateSpec,
  type EditorState,
} from './editor-state.js';
import { clamp, clampPointToCanvas, pixelsToUnits, type Point } from './geometry.js';
import { duplicateLights, removeLights, updateLight } from './light-commands.js';
import { withLimbChainFollowers } from './pose-model.js';
import { hideJoint, translateJoints } from './pose-commands.js';
import { updateReference } from './reference-commands.js';
import { updateFrame } from './subject-frame-commands.js';

/** Replaces the selection with the given elements (those that exist on a shown, unlocked layer). */
export function selectElements(state: EditorState, ids: readonly string[]): EditorState {
  return withSelection(state, ids);
}

/** Adds elements to the selection (shift-click, marquee with shift). */
export function addToSelection(state: EditorState, ids: readonly string[]): EditorState {
  return withSelection(state, [...state.selection, ...ids]);
}

/** Selects an element if it is not selected, else deselects it. */
export function toggleSelection(state: EditorState, id: string): EditorState {
  const isSelected = state.selection.includes(id as ElementId);
  return withSelection(state, isSelected ? state.selection.filter((selected) => selected !== id) : [...state.selection, id]);
}

/** Selects nothing. */
export function clearSelection(state: EditorState): EditorState {
  return state.selection.length === 0 ? state : { ...state, selection: [] };
}

/** Selects every element on a shown, unlocked layer. */
export function selectAll(state: EditorState): EditorState {
  return withSelection(state, listElementIds(state.document));
}

/** Deletes what can be deleted: lights are removed, the reference is taken out, joints are hidden; the frame stays. */
export function deleteSelection(state: EditorState): EditorState {
  const { lightIds, jointIndices, hasReference } = groupSelection(state);
  let next = updateDocument(state, 'lights', (document) => removeLights(document, lightIds));
  if (hasReference) next = updateSpec(next, 'reference', (spec) => ({ ...spec, reference: null }));
  return jointIndices.reduce(hideJoint, next);
}

/** Duplicates the selected lights (new unique ids, 16 px down-right) and selects the copies; others are not duplicable. */
export function duplicateSelection(state: EditorState): EditorState {
  const { lightIds } = groupSelection(state);
  if (lightIds.length === 0 || state.layers.lights.isLocked) return state;
  const { document, addedIds } = duplicateLights(state.document, lightIds);
  if (addedIds.length === 0) return state;
  return pruneSelection({ ...state, document, selection: addedIds.map(toLightElementId) });
}

/**
 * Moves every selected element by a normalised delta. Each element stays inside the canvas on its own; the
 * selected joints (plus their limb chains when limb-chain dragging is on) move as one rigid group.
 */
export function moveSelection(state: EditorState, delta: Point): EditorState {
  const { lightIds, jointIndices, hasReference, hasSubjectFrame } = groupSelection(state);
  const offset = <T extends Point>(item: T): T => ({ ...item, ...clampPointToCanvas({ x: item.x + delta.x, y: item.y + delta.y }) });
  let next = hasReference ? updateReference(state, offset) : state;
  if (hasSubjectFrame) {
    next = updateFrame(next, (frame) => ({
      ...frame,
      x: clamp(frame.x + delta.x, 0, 1 - frame.w),
      y: clamp(frame.y + delta.y, 0, 1 - frame.h),
    }));
  }
  next = lightIds.reduce((current, lightId) => updateLight(current, lightId, offset), next);
  if (jointIndices.length === 0) return next;
  const joints = next.options.isLimbChainDraggingEnabled ? withLimbChainFollowers(jointIndices) : jointIndices;
  return translateJoints(next, joints, delta);
}

/** Moves the selection by an arrow-key nudge given in canvas px (1, or 10 with shift). */
export function nudgeSelection(state: EditorState, deltaPx: Point): EditorState {
  return moveSelection(state, pixelsToUnits(deltaPx, state.document.spec.canvas));
}

function withSelection(state: EditorState, ids: readonly string[]): EditorState {
  const selection = [...new Set(ids)].filter((id) => isElementSelectable(state, id));
  const isSame = selection.length === state.selection.length && selection.every((id, index) => id === state.selection[index]);
  return isSame ? state : { ...state, selection };
}

function groupSelection(state: EditorState) {
  const parsed = state.selection.map(parseElementId);
  return {
    lightIds: parsed.flatMap((element) => (element?.kind === 'light' ? [element.lightId] : [])),
    jointIndices: parsed.flatMap((element) => (element?.kind === 'joint' ? [element.index] : [])),
    hasReference: parsed.some((element) => element?.kind === 'reference'),
    hasSubjectFrame: parsed.some((element) => element?.kind === 'subjectFrame'),
  };
}
