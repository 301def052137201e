// Layer visibility and locks, and editor options: editor-only settings, never in the spec and never undo steps.
import { EDITOR_LAYERS, pruneSelection, type EditorLayer, type EditorOptions, type EditorState, type LayerState, type StackedLayer } from './editor-state.js';

/** Shows or hides a layer; hiding drops its elements from the selection. */
export function setLayerVisibility(state: EditorState, layer: EditorLayer, isVisible: boolean): EditorState {
  return updateLayer(state, layer, { isVisible });
}

/** Locks or unlocks a layer; a locked layer's elements cannot be selected or changed. */
export function setLayerLock(state: EditorState, layer: EditorLayer, isLocked: boolean): EditorState {
  return updateLayer(state, layer, { isLocked });
}

/** Moves a stacked layer one place up (drawn above the next) or down; the ends and unstacked layers stay put. */
export function moveLayer(state: EditorState, layer: EditorLayer, direction: 'up' | 'down'): EditorState {
  const index = state.layerOrder.indexOf(layer as StackedLayer);
  const target = direction === 'up' ? index + 1 : index - 1;
  if (index < 0 || target < 0 || target >= state.layerOrder.length) return state;
  const layerOrder = [...state.layerOrder];
  [layerOrder[index], layerOrder[target]] = [layerOrder[target]!, layerOrder[index]!];
  return { ...state, layerOrder };
}

/** Turns snapping or limb-chain dragging on or off, or sets the snap threshold (screen px, at least 0). */
export function setEditorOptions(state: EditorState, options: Partial<EditorOptions>): EditorState {
  const next = { ...state.options, ...options };
  if (!Number.isFinite(next.snapThresholdPx) || next.snapThresholdPx < 0) return state;
  return { ...state, options: next };
}

function updateLayer(state: EditorState, layer: EditorLayer, change: Partial<LayerState>): EditorState {
  if (!EDITOR_LAYERS.includes(layer)) return state;
  const layers = { ...state.layers, [layer]: { ...state.layers[layer], ...change } };
  return pruneSelection({ ...state, layers });
}
