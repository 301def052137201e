import { applyCommand, beginGesture, endGesture, toTemplateSpec, undo, type EditorState } from '@atelier/editor-core';
import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from '@jest/globals';
import { useEditorState } from './useEditorState';

function mountEditorState(onDocumentChange: (next: EditorState) => void) {
  return renderHook(() => useEditorState(makeDefaultTemplateSpec('sdxl'), onDocumentChange)).result;
}

describe('useEditorState', () => {
  it('reports document changes only, chains rapid moves on the latest state, and a drag undoes in one step', () => {
    const saved: EditorState[] = [];
    const editor = mountEditorState((next) => saved.push(next));

    act(() => {
      editor.current!.update((s) => applyCommand(s, { type: 'select', ids: ['joint:4'] }));
      editor.current!.update((s) => beginGesture(s, 'Move joint'));
      editor.current!.update((s) => applyCommand(s, { type: 'moveJoint', index: 4, point: { x: 0.3, y: 0.55 } }));
      editor.current!.update((s) => applyCommand(s, { type: 'moveJoint', index: 4, point: { x: 0.25, y: 0.6 } }));
      editor.current!.update(endGesture);
    });

    expect(saved).toHaveLength(2);
    expect(toTemplateSpec(saved[1]!).pose!.keypoints[4]).toEqual([0.25, 0.6]);
    expect(editor.current!.state.history.undoStack).toHaveLength(1);

    act(() => {
      editor.current!.update(undo);
    });
    expect(toTemplateSpec(editor.current!.state).pose!.keypoints[4]).toEqual(makeDefaultTemplateSpec('sdxl').pose!.keypoints[4]);
    expect(saved).toHaveLength(3);
  });

  it('resets to their spec without reporting it as an edit and keeps the view', () => {
    const saved: EditorState[] = [];
    const editor = mountEditorState((next) => saved.push(next));
    act(() => {
      editor.current!.update((s) => applyCommand(s, { type: 'setView', view: { zoom: 2, panX: 5, panY: 6 } }));
    });
    const theirs = { ...makeDefaultTemplateSpec('sdxl'), lighting: { lights: [], strength: 0.5 } };
    act(() => editor.current!.reset(theirs));
    expect(editor.current!.state.document.spec.lighting.lights).toEqual([]);
    expect(editor.current!.state.view).toEqual({ zoom: 2, panX: 5, panY: 6 });
    expect(saved).toHaveLength(0);
  });
});
