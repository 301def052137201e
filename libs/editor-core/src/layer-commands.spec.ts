import { describe, expect, it } from '@jest/globals';
import { applyCommands, makeEditorState } from './testing/make-editor-state.js';

describe('layers and options', () => {
  it('hide and lock one layer at a time', () => {
    const state = applyCommands(
      makeEditorState(),
      { type: 'setLayerVisibility', layer: 'guides', isVisible: false },
      { type: 'setLayerLock', layer: 'reference', isLocked: true },
    );
    expect(state.layers.guides).toEqual({ isVisible: false, isLocked: false });
    expect(state.layers.reference).toEqual({ isVisible: true, isLocked: true });
    expect(state.layers.pose).toEqual({ isVisible: true, isLocked: false });
  });

  it('turn snapping and limb-chain dragging on and off, and refuse a negative snap threshold', () => {
    const state = makeEditorState();
    const changed = applyCommands(state, { type: 'setOptions', options: { isLimbChainDraggingEnabled: false, snapThresholdPx: 4 } });
    expect(changed.options).toMatchObject({ isLimbChainDraggingEnabled: false, snapThresholdPx: 4 });
    expect(applyCommands(state, { type: 'setOptions', options: { snapThresholdPx: -1 } })).toBe(state);
  });

  it('restack the subject frame, lights and pose one place at a time, never past the ends, and never as an undo step', () => {
    const state = makeEditorState();
    expect(state.layerOrder).toEqual(['subjectFrame', 'lights', 'pose']);
    const lightsOnTop = applyCommands(state, { type: 'moveLayer', layer: 'lights', direction: 'up' });
    expect(lightsOnTop.layerOrder).toEqual(['subjectFrame', 'pose', 'lights']);
    expect(applyCommands(lightsOnTop, { type: 'moveLayer', layer: 'lights', direction: 'up' })).toBe(lightsOnTop);
    expect(applyCommands(state, { type: 'moveLayer', layer: 'subjectFrame', direction: 'down' })).toBe(state);
    expect(applyCommands(state, { type: 'moveLayer', layer: 'guides', direction: 'down' })).toBe(state);
    expect(applyCommands(lightsOnTop, { type: 'moveLayer', layer: 'pose', direction: 'down' }).layerOrder).toEqual(['pose', 'subjectFrame', 'lights']);
    expect(lightsOnTop.history.undoStack).toEqual(state.history.undoStack);
    expect(lightsOnTop.document).toBe(state.document);
  });
});
