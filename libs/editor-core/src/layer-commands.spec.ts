import { describe, expect, it } from 'vitest';
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
});
