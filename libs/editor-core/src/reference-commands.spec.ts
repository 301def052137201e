import { describe, expect, it } from '@jest/globals';
import type { ReferenceImage } from '@atelier/template-spec';
import { getUndoLabel, undo } from './editor-history.js';
import { applyCommands, ASSET_ID, makeEditorState } from './testing/make-editor-state.js';

const REFERENCE: ReferenceImage = { assetId: ASSET_ID, x: 0.4, y: 0.6, scale: 1.2, opacity: 0.7 };
const withReference = (options = {}) => makeEditorState({ reference: REFERENCE }, options);

describe('placeReference', () => {
  it('puts a new reference in centred, fitted and half transparent', () => {
    const state = applyCommands(makeEditorState(), { type: 'placeReference', assetId: ASSET_ID });
    expect(state.document.spec.reference).toEqual({ assetId: ASSET_ID, x: 0.5, y: 0.5, scale: 1, opacity: 0.5 });
  });

  it('swaps the image of an existing reference and keeps its placement', () => {
    const other = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const state = applyCommands(withReference(), { type: 'placeReference', assetId: other });
    expect(state.document.spec.reference).toEqual({ ...REFERENCE, assetId: other });
  });

  it('ignores an asset id that is not a UUID', () => {
    const state = makeEditorState();
    expect(applyCommands(state, { type: 'placeReference', assetId: 'photo.jpg' })).toBe(state);
  });
});

describe('moving, scaling and fading the reference', () => {
  it('moves its centre and keeps it on the canvas', () => {
    const moved = applyCommands(withReference(), { type: 'moveReference', point: { x: 0.25, y: 1.3 } });
    expect(moved.document.spec.reference).toEqual({ ...REFERENCE, x: 0.25, y: 1 });
  });

  it('snaps its centre to the centre lines when snapping is on', () => {
    const moved = applyCommands(withReference({ isSnappingEnabled: true }), { type: 'moveReference', point: { x: 0.503, y: 0.2 } });
    expect(moved.document.spec.reference).toMatchObject({ x: 0.5, y: 0.2 });
  });

  it('clamps scale to 0.05..10 and opacity to 0..1', () => {
    const read = (command: Parameters<typeof applyCommands>[1]) => applyCommands(withReference(), command).document.spec.reference;
    expect(read({ type: 'scaleReference', scale: 0 })?.scale).toBe(0.05);
    expect(read({ type: 'scaleReference', scale: 25 })?.scale).toBe(10);
    expect(read({ type: 'scaleReference', scale: 2.5 })?.scale).toBe(2.5);
    expect(read({ type: 'setReferenceOpacity', opacity: -1 })?.opacity).toBe(0);
    expect(read({ type: 'setReferenceOpacity', opacity: 0.25 })?.opacity).toBe(0.25);
  });

  it('does nothing without a reference or with its layer locked', () => {
    const empty = makeEditorState();
    expect(applyCommands(empty, { type: 'moveReference', point: { x: 0.1, y: 0.1 } })).toBe(empty);
    const locked = applyCommands(withReference(), { type: 'setLayerLock', layer: 'reference', isLocked: true });
    expect(applyCommands(locked, { type: 'scaleReference', scale: 3 }).document).toBe(locked.document);
  });
});

describe('removeReference', () => {
  it('takes the reference out as one undo step that puts it back', () => {
    const removed = applyCommands(withReference(), { type: 'removeReference' });
    expect(removed.document.spec.reference).toBeNull();
    expect(getUndoLabel(removed)).toBe('Remove reference image');
    expect(undo(removed).document.spec.reference).toEqual(REFERENCE);
  });

  it('does nothing without a reference or with its layer locked', () => {
    const empty = makeEditorState();
    expect(applyCommands(empty, { type: 'removeReference' })).toBe(empty);
    const locked = applyCommands(withReference(), { type: 'setLayerLock', layer: 'reference', isLocked: true });
    expect(applyCommands(locked, { type: 'removeReference' }).document.spec.reference).toEqual(REFERENCE);
  });
});
