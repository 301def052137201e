import { describe, expect, it } from '@jest/globals';
import { MAX_LIGHTS } from '@atelier/template-spec';
import { canUndo, undo } from './editor-history.js';
import type { EditorState } from './editor-state.js';
import { applyCommands, ASSET_ID, makeEditorState, makeSpec, readJoint } from './testing/make-editor-state.js';

const REFERENCE = { assetId: ASSET_ID, x: 0.5, y: 0.5, scale: 1, opacity: 0.5 };
const withReference = (options = {}) => makeEditorState({ reference: REFERENCE }, options);
const lightsOf = (state: EditorState) => state.document.spec.lighting.lights;

describe('selecting', () => {
  it('keeps only elements that exist on shown, unlocked layers, each once', () => {
    const state = applyCommands(makeEditorState(), { type: 'select', ids: ['joint:3', 'joint:3', 'light:key', 'reference', 'light:rim', 'bogus'] });
    expect(state.selection).toEqual(['joint:3', 'light:key']);
  });

  it('adds to, toggles and clears the selection', () => {
    const one = applyCommands(makeEditorState(), { type: 'select', ids: ['subjectFrame'] });
    const two = applyCommands(one, { type: 'addToSelection', ids: ['light:fill', 'subjectFrame'] });
    expect(two.selection).toEqual(['subjectFrame', 'light:fill']);
    expect(applyCommands(two, { type: 'toggleSelection', id: 'subjectFrame' }).selection).toEqual(['light:fill']);
    expect(applyCommands(two, { type: 'toggleSelection', id: 'joint:0' }).selection).toEqual(['subjectFrame', 'light:fill', 'joint:0']);
    expect(applyCommands(two, { type: 'clearSelection' }).selection).toEqual([]);
  });

  it('selects all that can be selected', () => {
    const locked = applyCommands(withReference(), { type: 'setLayerLock', layer: 'pose', isLocked: true }, { type: 'selectAll' });
    expect(locked.selection).toEqual(['reference', 'subjectFrame', 'light:key', 'light:fill']);
  });

  it('drops elements from the selection when their layer is hidden or locked', () => {
    const selected = applyCommands(makeEditorState(), { type: 'selectAll' });
    expect(applyCommands(selected, { type: 'setLayerVisibility', layer: 'pose', isVisible: false }).selection).toEqual([
      'subjectFrame',
      'light:key',
      'light:fill',
    ]);
    expect(applyCommands(selected, { type: 'setLayerLock', layer: 'lights', isLocked: true }).selection).not.toContain('light:key');
  });

  it('is never an undo step', () => {
    expect(canUndo(applyCommands(makeEditorState(), { type: 'selectAll' }, { type: 'clearSelection' }))).toBe(false);
  });
});

describe('deleteSelection', () => {
  it('removes lights and the reference, hides joints and keeps the subject frame', () => {
    const selected = applyCommands(withReference(), {
      type: 'select',
      ids: ['light:key', 'reference', 'joint:4', 'subjectFrame'],
    });
    const deleted = applyCommands(selected, { type: 'deleteSelection' });
    expect(deleted.document.lightIds).toEqual(['fill']);
    expect(deleted.document.spec.reference).toBeNull();
    expect(deleted.document.spec.pose?.keypoints[4]).toBeNull();
    expect(deleted.document.spec.subject).toEqual(selected.document.spec.subject);
    expect(deleted.selection).toEqual(['subjectFrame']);
  });

  it('undoes in one step and selects what was deleted again', () => {
    const selected = applyCommands(withReference(), { type: 'select', ids: ['light:key', 'reference', 'joint:4'] });
    const restored = undo(applyCommands(selected, { type: 'deleteSelection' }));
    expect(restored.document).toBe(selected.document);
    expect(restored.selection).toEqual(['light:key', 'reference', 'joint:4']);
  });
});

describe('duplicateSelection', () => {
  it('copies the selected lights with new ids 16 px down-right and selects the copies', () => {
    const selected = applyCommands(makeEditorState(), { type: 'select', ids: ['light:key', 'subjectFrame'] });
    const duplicated = applyCommands(selected, { type: 'duplicateSelection' });
    const [key, , copy] = lightsOf(duplicated);
    expect(duplicated.document.lightIds).toEqual(['key', 'fill', 'key-2']);
    expect(copy).toMatchObject({ id: 'key-2', kind: 'key', radius: key!.radius, intensity: key!.intensity });
    expect(copy!.x).toBeCloseTo(key!.x + 16 / 832, 12);
    expect(copy!.y).toBeCloseTo(key!.y + 16 / 1216, 12);
    expect(duplicated.selection).toEqual(['light:key-2']);
  });

  it('stops at MAX_LIGHTS and ignores everything that is not a light', () => {
    let state = applyCommands(makeEditorState(), { type: 'selectAll' });
    while (lightsOf(state).length < MAX_LIGHTS) state = applyCommands(state, { type: 'selectAll' }, { type: 'duplicateSelection' });
    expect(lightsOf(state)).toHaveLength(MAX_LIGHTS);
    const full = applyCommands(state, { type: 'selectAll' });
    expect(applyCommands(full, { type: 'duplicateSelection' })).toBe(full);
    const frameOnly = applyCommands(makeEditorState(), { type: 'select', ids: ['subjectFrame'] });
    expect(applyCommands(frameOnly, { type: 'duplicateSelection' })).toBe(frameOnly);
  });
});

describe('nudgeSelection and moveSelection', () => {
  it('nudges by canvas pixels converted to normalised units', () => {
    const selected = applyCommands(makeEditorState(), { type: 'select', ids: ['light:fill'] });
    const nudged = applyCommands(selected, { type: 'nudgeSelection', deltaPx: { x: 10, y: -1 } });
    expect(lightsOf(nudged)[1]!.x).toBeCloseTo(0.78 + 10 / 832, 12);
    expect(lightsOf(nudged)[1]!.y).toBeCloseTo(0.3 - 1 / 1216, 12);
  });

  it('moves every selected element, each kept on the canvas', () => {
    const selected = applyCommands(withReference(), { type: 'select', ids: ['reference', 'subjectFrame', 'light:key'] });
    const moved = applyCommands(selected, { type: 'moveSelection', delta: { x: 0.3, y: 0 } });
    expect(moved.document.spec.reference).toMatchObject({ x: 0.8, y: 0.5 });
    expect(moved.document.spec.subject.frame.x).toBeCloseTo(0.4, 12);
    expect(lightsOf(moved)[0]!.x).toBeCloseTo(0.58, 12);
  });

  it('moves selected joints with their limb chains as one rigid group', () => {
    const state = makeEditorState();
    const selected = applyCommands(state, { type: 'select', ids: ['joint:2'] });
    const moved = applyCommands(selected, { type: 'moveSelection', delta: { x: -0.5, y: 0 } });
    // The right wrist (0.32) reaches the edge first, so the arm moves 0.32, not 0.5.
    expect(readJoint(moved, 4)[0]).toBe(0);
    expect(readJoint(moved, 2)[0]).toBeCloseTo(0.36 - 0.32, 12);
    expect(readJoint(moved, 3)[0]).toBeCloseTo(0.33 - 0.32, 12);
    expect(readJoint(moved, 5)).toEqual(readJoint(state, 5));
  });

  it('is one undo step per nudge', () => {
    const selected = applyCommands(makeEditorState({ subject: makeSpec().subject }), { type: 'select', ids: ['subjectFrame'] });
    const twice = applyCommands(selected, { type: 'nudgeSelection', deltaPx: { x: 1, y: 0 } }, { type: 'nudgeSelection', deltaPx: { x: 1, y: 0 } });
    expect(twice.history.undoStack.map((entry) => entry.label)).toEqual(['Nudge', 'Nudge']);
  });
});
