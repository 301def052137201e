// What a shortcut or a toolbar button asks for: a command, or an undo/redo or zoom step.
import { applyCommand, type EditorCommand } from './editor-command.js';
import { redo, undo } from './editor-history.js';
import type { EditorState } from './editor-state.js';
import type { Size } from './geometry.js';
import { findNextZoomStep, findPreviousZoomStep, fitCanvasToViewport, setView, zoomAboutPoint } from './viewport.js';

export type EditorAction =
  | EditorCommand
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'zoomIn' }
  | { type: 'zoomOut' }
  | { type: 'zoomToFit' }
  | { type: 'zoomToActualSize' };

/** A state, an action and the viewport size (screen px) -> the next state; zoom steps keep the viewport centre still. */
export function runEditorAction(state: EditorState, action: EditorAction, viewport: Size): EditorState {
  const centre = { x: viewport.width / 2, y: viewport.height / 2 };
  switch (action.type) {
    case 'undo':
      return undo(state);
    case 'redo':
      return redo(state);
    case 'zoomIn':
      return setView(state, zoomAboutPoint(state.view, findNextZoomStep(state.view.zoom), centre));
    case 'zoomOut':
      return setView(state, zoomAboutPoint(state.view, findPreviousZoomStep(state.view.zoom), centre));
    case 'zoomToFit':
      return setView(state, fitCanvasToViewport(state.document.spec.canvas, viewport));
    case 'zoomToActualSize':
      return setView(state, zoomAboutPoint(state.view, 1, centre));
    default:
      return applyCommand(state, action);
  }
}
