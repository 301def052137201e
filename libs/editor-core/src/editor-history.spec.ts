import { describe, expect, it } from '@jest/globals';
import { applyCommand } from './editor-command.js';
import {
  beginGesture,
  cancelGesture,
  canRedo,
  canUndo,
  endGesture,
  getRedoLabel,
  getUndoLabel,
  redo,
  undo,
} from './editor-history.js';
import { toTemplateSpec, type EditorState } from './editor-state.js';
import { applyCommands, makeEditorState } from './testing/make-editor-state.js';

function dragJoint(state: EditorState, steps: number): EditorState {
  let dragged = beginGesture(state, 'Drag joint');
  for (let step = 1; step <= steps; step += 1) {
    dragged = applyCommand(dragged, { type: 'moveJoint', index: 0, point: { x: 0.5 + step / 1000, y: 0.14 } });
  }
  return endGesture(dragged);
}

describe('history', () => {
  it('records each command outside a gesture as its own step, labelled by the command', () => {
    const state = applyCommands(
      makeEditorState(),
      { type: 'setLightIntensity', lightId: 'key', intensity: 0.5 },
      { type: 'mirrorPose' },
    );
    expect(state.history.undoStack.map((entry) => entry.label)).toEqual(['Change light intensity', 'Mirror pose']);
    expect(getUndoLabel(state)).toBe('Mirror pose');
  });

  it('undoes a 60-move drag in one step, back to the exact spec', () => {
    const state = makeEditorState();
    const dragged = dragJoint(state, 60);
    expect(dragged.history.undoStack).toHaveLength(1);
    expect(getUndoLabel(dragged)).toBe('Drag joint');
    const undone = undo(dragged);
    expect(JSON.stringify(toTemplateSpec(undone))).toBe(JSON.stringify(toTemplateSpec(state)));
    expect(canUndo(undone)).toBe(false);
    expect(getRedoLabel(undone)).toBe('Drag joint');
    expect(redo(undone).document).toBe(dragged.document);
  });

  it('records nothing for a gesture that changed nothing', () => {
    const state = makeEditorState();
    const idle = endGesture(applyCommand(beginGesture(state, 'Drag'), { type: 'moveJoint', index: 0, point: { x: 0.5, y: 0.14 } }));
    expect(canUndo(idle)).toBe(false);
    expect(idle.document).toBe(state.document);
  });

  it('clears redo when a new change is made', () => {
    const undone = undo(applyCommands(makeEditorState(), { type: 'mirrorPose' }));
    expect(canRedo(undone)).toBe(true);
    const changed = applyCommands(undone, { type: 'scalePose', factor: 0.9 });
    expect(canRedo(changed)).toBe(false);
  });

  it('does not record selection, view, layer or option changes', () => {
    const state = applyCommands(
      makeEditorState(),
      { type: 'selectAll' },
      { type: 'setView', view: { zoom: 2, panX: 10, panY: 10 } },
      { type: 'setLayerVisibility', layer: 'guides', isVisible: false },
      { type: 'setOptions', options: { isSnappingEnabled: true } },
    );
    expect(canUndo(state)).toBe(false);
  });

  it('keeps at most `limit` steps, dropping the oldest', () => {
    let state = makeEditorState({}, {}, { historyLimit: 3 });
    for (let step = 1; step <= 5; step += 1) state = applyCommand(state, { type: 'setLightIntensity', lightId: 'key', intensity: step / 10 });
    expect(state.history.undoStack).toHaveLength(3);
    while (canUndo(state)) state = undo(state);
    expect(state.document.spec.lighting.lights[0]!.intensity).toBe(0.2);
  });

  it('puts the selection back as it was before the step on undo and after it on redo', () => {
    const selected = applyCommands(makeEditorState(), { type: 'select', ids: ['light:fill'] });
    const added = applyCommands(selected, { type: 'addLight', kind: 'rim' });
    expect(added.selection).toEqual(['light:rim']);
    expect(undo(added).selection).toEqual(['light:fill']);
    expect(redo(undo(added)).selection).toEqual(['light:rim']);
  });

  it('cancels a gesture back to where it started, recording nothing', () => {
    const state = applyCommands(makeEditorState(), { type: 'select', ids: ['joint:0'] });
    const dragging = applyCommand(beginGesture(state, 'Drag'), { type: 'deleteSelection' });
    const cancelled = cancelGesture(dragging);
    expect(cancelled.document).toBe(state.document);
    expect(cancelled.selection).toEqual(['joint:0']);
    expect(canUndo(cancelled)).toBe(false);
  });

  it('ends an open gesture before starting the next one, or before undo', () => {
    const first = applyCommand(beginGesture(makeEditorState(), 'First'), { type: 'mirrorPose' });
    const second = endGesture(applyCommand(beginGesture(first, 'Second'), { type: 'scalePose', factor: 0.5 }));
    expect(second.history.undoStack.map((entry) => entry.label)).toEqual(['First', 'Second']);
    const open = applyCommand(beginGesture(makeEditorState(), 'Drag'), { type: 'mirrorPose' });
    expect(canUndo(open)).toBe(true);
    expect(getUndoLabel(open)).toBe('Drag');
    expect(undo(open).document).toEqual(makeEditorState().document);
  });

  it('does nothing to undo or redo when there is nothing to undo or redo', () => {
    const state = makeEditorState();
    expect(undo(state)).toBe(state);
    expect(redo(state)).toBe(state);
    expect([canUndo(state), canRedo(state), getUndoLabel(state), getRedoLabel(state)]).toEqual([false, false, null, null]);
  });
});
